/** A query string of the project (always) and the given values (empty ones left out): the API paths' `?project=…&…`. */
export function projectQuery(projectId: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams({ project: projectId });
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}

/** A link inside a dashboard section (`''` is its first page), keeping the project for people in several. */
export function sectionHref(base: string, page: string, projectId: string, multipleProjects: boolean): string {
  const search = multipleProjects ? `?${new URLSearchParams({ project: projectId }).toString()}` : '';
  return `${base}${page ? `/${page}` : ''}${search}`;
}
