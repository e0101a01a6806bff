import Mustache from 'mustache';
import type { ChannelKind } from '@vigil/contracts';
import { truncateText } from '../message/evidence-text';
import { TEMPLATE_FIELDS, type FieldShape, type TemplateView } from './template-view';

/**
 * Channel title and body templates: Mustache (logic-less, so a template can loop and test but
 * never run code), rendered over `TemplateView`. No HTML escaping: the output goes into JSON
 * strings and Slack text, where `&amp;` would show as is. Slack channels escape what Slack
 * treats as markup instead (`&`, `<`, `>`), so a log line reading `<!channel>` cannot ping a
 * whole channel; `{{{field}}}` opts out, as in any Mustache.
 */

export const TITLE_MAX_CHARS = 250;
export const BODY_MAX_CHARS = 8_000;

export type TemplateEscaping = 'none' | 'slack';

export function escapingFor(kind: ChannelKind): TemplateEscaping {
  return kind === 'slack' ? 'slack' : 'none';
}

export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const DEFAULT_TITLE_TEMPLATE = '[{{statusUpper}}{{#isFiring}}:{{firingCount}}{{/isFiring}}] {{ruleNames}}{{#groupLabelsText}} ({{groupLabelsText}}){{/groupLabelsText}}';

/** For webhook and Alertmanager channels: each alert with its evidence and link, as plain text. */
export const DEFAULT_BODY_TEMPLATE = `{{#alerts}}
{{statusUpper}} {{ruleName}}{{#severity}} ({{severity}}){{/severity}}{{#labelsText}} {{labelsText}}{{/labelsText}}
{{#summary}}
{{summary}}
{{/summary}}
{{#evidence}}
{{text}}
{{#lines}}
  {{time}} {{service}} {{severity}}: {{body}}
{{/lines}}
{{#moreLines}}
  …and {{moreLines}} more lines
{{/moreLines}}
{{/evidence}}
{{dashboardUrl}}

{{/alerts}}
{{#truncatedAlerts}}
…and {{truncatedAlerts}} more alerts: {{externalUrl}}
{{/truncatedAlerts}}`;

/** For Slack channels: one sentence; the message's blocks list each alert with its evidence and link. */
export const DEFAULT_SLACK_BODY_TEMPLATE =
  '{{#isTest}}A test from Vigil to check this channel; no action is needed.{{/isTest}}{{^isTest}}{{firingCount}} firing, {{resolvedCount}} resolved{{#groupLabelsText}} for {{groupLabelsText}}{{/groupLabelsText}}.{{/isTest}}';

export function defaultBodyTemplate(kind: ChannelKind): string {
  return kind === 'slack' ? DEFAULT_SLACK_BODY_TEMPLATE : DEFAULT_BODY_TEMPLATE;
}

/** A writer of our own: the default one caches every template it ever parsed, without bound. */
const writer = new Mustache.Writer();

function render(template: string, view: TemplateView, escaping: TemplateEscaping): string {
  try {
    return writer.render(template, view, undefined, { escape: escaping === 'slack' ? (value: unknown) => escapeSlackText(String(value)) : (value: unknown) => String(value) });
  } finally {
    writer.clearCache();
  }
}

/** The title: one line (newlines and runs of spaces become one space), at most `TITLE_MAX_CHARS`. */
export function renderTitle(template: string, view: TemplateView, escaping: TemplateEscaping): string {
  return truncateText(render(template, view, escaping).replace(/\s+/g, ' ').trim(), TITLE_MAX_CHARS);
}

/** The body: no blank runs longer than one empty line, no trailing space, at most `BODY_MAX_CHARS`. */
export function renderBody(template: string, view: TemplateView, escaping: TemplateEscaping): string {
  const text = render(template, view, escaping)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return truncateText(text, BODY_MAX_CHARS);
}

type Scope = Readonly<Record<string, FieldShape>> | 'any';
type MustacheToken = [string, string, number, number, MustacheToken[]?, number?];

function position(template: string, index: number): string {
  const before = template.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function lookup(name: string, scopes: readonly Scope[]): FieldShape | null {
  if (name === '.') return 'value';
  const [head = '', ...rest] = name.split('.');
  for (let index = scopes.length - 1; index >= 0; index -= 1) {
    const scope = scopes[index];
    if (scope === 'any') return 'value';
    const shape = scope?.[head];
    if (shape !== undefined) return descend(shape, rest);
  }
  return null;
}

function descend(shape: FieldShape, path: readonly string[]): FieldShape | null {
  let current = shape;
  for (const part of path) {
    if (current === 'map') return 'value';
    if (current === 'value') return null;
    if ('list' in current) {
      if (part !== 'length') return null;
      current = 'value';
      continue;
    }
    const next: FieldShape | undefined = current.object[part];
    if (next === undefined) return null;
    current = next;
  }
  return current;
}

function scopeOf(shape: FieldShape): Scope {
  if (shape === 'map') return 'any';
  if (shape === 'value') return {};
  if ('list' in shape) return scopeOf(shape.list);
  return shape.object;
}

function checkTokens(tokens: readonly MustacheToken[], scopes: readonly Scope[], template: string): string | null {
  for (const [type, name, start, , children] of tokens) {
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') return `partials ({{> ${name}}}) are not supported, at ${position(template, start)}`;
    const shape = lookup(name, scopes);
    if (shape === null) {
      const known = Object.keys(TEMPLATE_FIELDS).join(', ');
      return `unknown field "${name}" at ${position(template, start)}; fields are ${known} (see docs/alerting.md, Templates)`;
    }
    if (type === '#' || type === '^') {
      const inner = type === '#' ? [...scopes, scopeOf(shape)] : scopes;
      const problem = checkTokens(children ?? [], inner, template);
      if (problem !== null) return problem;
    }
  }
  return null;
}

/**
 * Checks a title or body template before a channel is saved: syntax (unclosed sections and
 * tags) and field names (a typo would otherwise render as nothing, silently). Returns a message
 * naming the problem and where it is, or null when the template is fine.
 */
export function validateTemplate(template: string): string | null {
  let tokens: MustacheToken[];
  try {
    tokens = writer.parse(template) as MustacheToken[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/ at (\d+)$/, (_match, index: string) => ` at ${position(template, Number(index))}`);
  } finally {
    writer.clearCache();
  }
  return checkTokens(tokens, [TEMPLATE_FIELDS], template);
}
