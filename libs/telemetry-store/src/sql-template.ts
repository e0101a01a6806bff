/**
 * A tagged template for ClickHouse SQL that cannot splice values into the text: every
 * interpolation must be a typed parameter (sent as `{pN:Type}` + query_params) or another
 * `sql` fragment. A bare string or number throws, so an injection cannot be written by
 * accident. (HyperDX's chSql without its raw-string escape hatch.) Parameter names are
 * numbered at compile time, so fragments compose without name clashes.
 */
export interface SqlParam {
  readonly kind: 'param';
  readonly type: string;
  readonly value: unknown;
}

export interface SqlFragment {
  readonly kind: 'fragment';
  readonly strings: readonly string[];
  readonly values: readonly (SqlParam | SqlFragment)[];
}

/** The shape `client.query()` / `client.command()` take, so it can be spread into them. */
export interface CompiledQuery {
  query: string;
  query_params: Record<string, unknown>;
}

// A ClickHouse type name with optional arguments: String, DateTime64(3), Map(String, String).
const TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(\([A-Za-z0-9_, ()']*\))?$/;

/** A typed parameter: `param('UUID', projectId)` renders `{p0:UUID}`. */
export function param(type: string, value: unknown): SqlParam {
  if (!TYPE_PATTERN.test(type)) throw new Error(`sql: invalid ClickHouse type for a parameter: ${type}`);
  if (value === undefined) throw new Error(`sql: the ${type} parameter has no value (undefined)`);
  return { kind: 'param', type, value };
}

/** An identifier (database, table, column) sent as a parameter: `{p0:Identifier}`. */
export function identifier(name: string): SqlParam {
  return param('Identifier', name);
}

/** `database.table`, both as Identifier parameters (one Identifier cannot hold a dot). */
export function qualifiedTable(database: string, table: string): SqlFragment {
  return sql`${identifier(database)}.${identifier(table)}`;
}

function isPart(value: unknown): value is SqlParam | SqlFragment {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'param' || kind === 'fragment';
}

export function sql(strings: TemplateStringsArray, ...values: (SqlParam | SqlFragment)[]): SqlFragment {
  values.forEach((value: unknown, index) => {
    if (!isPart(value)) {
      throw new Error(
        `sql: interpolation ${index} is a bare ${value === null ? 'null' : typeof value}; wrap values in param(type, value) or identifier(name) so they are sent as query parameters`,
      );
    }
  });
  return { kind: 'fragment', strings: [...strings], values };
}

/** Joins fragments with a separator fragment, e.g. `join(conditions, sql\` AND \`)`. */
export function join(fragments: readonly SqlFragment[], separator: SqlFragment): SqlFragment {
  if (fragments.length === 0) return sql``;
  const strings: string[] = [''];
  const values: (SqlParam | SqlFragment)[] = [];
  fragments.forEach((fragment, index) => {
    if (index > 0) {
      values.push(separator);
      strings.push('');
    }
    values.push(fragment);
    strings.push('');
  });
  return { kind: 'fragment', strings, values };
}

export function compile(fragment: SqlFragment): CompiledQuery {
  const query_params: Record<string, unknown> = {};
  let counter = 0;
  const render = (part: SqlFragment): string =>
    part.strings.reduce((text, chunk, index) => {
      if (index === 0) return chunk;
      const value = part.values[index - 1] as SqlParam | SqlFragment;
      if (value.kind === 'fragment') return text + render(value) + chunk;
      const name = `p${counter++}`;
      query_params[name] = value.value;
      return `${text}{${name}:${value.type}}${chunk}`;
    }, '');
  return { query: render(fragment).trim(), query_params };
}
