import { buildTemplateView } from '../templates/template-view';
import { BODY_MAX_CHARS, DEFAULT_TITLE_TEMPLATE, defaultBodyTemplate, escapingFor, renderBody, renderTitle, validateTemplate } from '../templates/templates';
import { truncateText } from './evidence-text';
import { createNotificationDraft, type NotificationDraftInput, type NotificationMessage } from './notification-message';

export interface ChannelTemplates {
  /** The channel's templates; null or absent: the defaults. */
  readonly titleTemplate?: string | null;
  readonly bodyTemplate?: string | null;
}

/**
 * Builds the message for one channel: group facts, then title and body from the channel's
 * templates. A template that fails (saved before validation caught it) does not lose the
 * notification: the default is used and the body says so, which is how the channel's owner
 * finds out.
 */
export function createNotificationMessage(input: NotificationDraftInput & ChannelTemplates): NotificationMessage {
  const draft = createNotificationDraft(input);
  const view = buildTemplateView(draft);
  const escaping = escapingFor(draft.channelKind);
  const problems: string[] = [];
  const pick = (custom: string | null | undefined, fallback: string, field: string): string => {
    if (custom === null || custom === undefined || custom.trim() === '') return fallback;
    const problem = validateTemplate(custom);
    if (problem === null) return custom;
    problems.push(`The channel's ${field} template was not used (${problem}).`);
    return fallback;
  };
  const title = renderTitle(pick(input.titleTemplate, DEFAULT_TITLE_TEMPLATE, 'title'), view, escaping);
  const bodyTemplate = pick(input.bodyTemplate, defaultBodyTemplate(draft.channelKind), 'body');
  const rendered = renderBody(bodyTemplate, view, escaping);
  if (problems.length === 0) return { ...draft, title, body: rendered };
  // The note goes last and is never cut: truncate the rendered part to make room for it.
  const note = problems.join('\n');
  const body = `${truncateText(rendered, Math.max(0, BODY_MAX_CHARS - note.length - 2))}\n\n${note}`;
  return { ...draft, title, body };
}
