import { parser } from '@prometheus-io/lezer-promql';
import type { LabelMatcher, LabelMatcherOp } from '@vigil/contracts';

/**
 * The one PromQL shape an SLI query may take on import (Sloth's and OpenSLO's Prometheus
 * sources): a sum of the per-second rate of one counter selector with label matchers,
 * optionally grouped `by` labels —
 *
 *   sum(rate(http_requests_total{job="api",code=~"5.."}[5m]))
 *   sum by (service) (rate(http_requests_total{code=~"5.."}[{{.window}}]))
 *
 * Parsed with the Prometheus project's own grammar (`@prometheus-io/lezer-promql`), so anything
 * PromQL itself would read differently is refused rather than guessed at. The range is ignored:
 * Vigil records events per minute and sums them over its own windows (docs/slo.md, Import).
 */
export interface SliQuery {
  name: string;
  matchers: LabelMatcher[];
  by: string[];
}

export const SUPPORTED_SHAPE = 'sum(rate(<metric>{<label matchers>}[<range>])), optionally with `by (<labels>)` (`increase` may stand for `rate`)';

export type SliQueryResult = { ok: true; query: SliQuery } | { ok: false; reason: string };

interface Node {
  name: string;
  from: number;
  to: number;
  children: Node[];
}

/** The syntax tree as plain objects (lezer's cursor API is awkward to pattern-match on). */
function toTree(text: string): { root: Node; error: Node | undefined } {
  const stack: Node[] = [{ name: 'Root', from: 0, to: text.length, children: [] }];
  let error: Node | undefined;
  parser.parse(text).iterate({
    enter(ref) {
      const node: Node = { name: ref.type.name, from: ref.from, to: ref.to, children: [] };
      if (ref.type.isError && error === undefined) error = node;
      (stack.at(-1) as Node).children.push(node);
      stack.push(node);
    },
    leave() {
      stack.pop();
    },
  });
  return { root: stack[0] as Node, error };
}

const only = (node: Node, name: string): Node | undefined => node.children.find((child) => child.name === name);

/** Sloth writes `{{.window}}` where PromQL wants a range; any range means the same to Vigil. */
export function withRange(text: string): string {
  return text.replace(/\{\{\s*\.window\s*\}\}/g, '5m');
}

export function parseSliQuery(text: string): SliQueryResult {
  const source = withRange(text).trim();
  const { root, error } = toTree(source);
  const slice = (node: Node) => source.slice(node.from, node.to);
  if (error !== undefined) return { ok: false, reason: `it is not valid PromQL (near character ${error.from + 1}${error.to > error.from ? `: \`${slice(error)}\`` : ''})` };
  const top = root.children[0]?.children[0];
  if (!top) return { ok: false, reason: 'it is empty' };
  let expression = top;
  while (expression.name === 'ParenExpr') expression = expression.children[0] ?? expression;
  if (expression.name !== 'AggregateExpr') return { ok: false, reason: `it is a ${describe(expression)}, not a sum` };
  const op = only(expression, 'AggregateOp');
  if (!op || slice(op) !== 'sum') return { ok: false, reason: `it aggregates with \`${op ? slice(op) : '?'}\`, not \`sum\`` };
  const by: string[] = [];
  const modifier = only(expression, 'AggregateModifier');
  if (modifier) {
    if (!only(modifier, 'By')) return { ok: false, reason: '`without` is not supported; list the labels to keep with `by`' };
    for (const label of only(modifier, 'GroupingLabels')?.children ?? []) if (label.name === 'LabelName') by.push(slice(label));
  }
  const body = only(expression, 'FunctionCallBody');
  const args = body?.children ?? [];
  if (args.length !== 1) return { ok: false, reason: 'sum must take exactly one argument' };
  let call = args[0] as Node;
  while (call.name === 'ParenExpr') call = call.children[0] ?? call;
  if (call.name !== 'FunctionCall') return { ok: false, reason: `sum is applied to a ${describe(call)}, not to rate(...)` };
  const fn = slice(only(call, 'FunctionIdentifier') ?? call);
  if (fn !== 'rate' && fn !== 'increase') return { ok: false, reason: `it sums ${fn}(...), not rate(...)` };
  const inner = only(call, 'FunctionCallBody')?.children ?? [];
  const matrix = inner.length === 1 ? inner[0] : undefined;
  if (!matrix || matrix.name !== 'MatrixSelector') return { ok: false, reason: `${fn} must take one range selector such as x{...}[5m]` };
  const vector = only(matrix, 'VectorSelector');
  if (!vector) return { ok: false, reason: `${fn} must take one range selector such as x{...}[5m]` };
  const selector = readSelector(vector, slice);
  if (!selector.ok) return selector;
  return { ok: true, query: { ...selector.query, by } };
}

function readSelector(vector: Node, slice: (node: Node) => string): { ok: true; query: Omit<SliQuery, 'by'> } | { ok: false; reason: string } {
  let name = only(vector, 'Identifier') ? slice(only(vector, 'Identifier') as Node) : undefined;
  const matchers: LabelMatcher[] = [];
  for (const matcher of only(vector, 'LabelMatchers')?.children ?? []) {
    if (matcher.name !== 'UnquotedLabelMatcher') return { ok: false, reason: `the matcher \`${slice(matcher)}\` is not supported (quoted label names)` };
    const label = slice(only(matcher, 'LabelName') as Node);
    const op = slice(only(matcher, 'MatchOp') as Node) as LabelMatcherOp;
    const value = unquote(slice(only(matcher, 'StringLiteral') as Node));
    if (value === undefined) return { ok: false, reason: `the string in \`${slice(matcher)}\` has an escape PromQL does not allow` };
    if (label === '__name__' && op === '=') name = value;
    else matchers.push({ label, op, value });
  }
  if (name === undefined) return { ok: false, reason: 'the selector names no metric' };
  return { ok: true, query: { name, matchers } };
}

function describe(node: Node): string {
  const names: Record<string, string> = {
    BinaryExpr: 'binary operation',
    FunctionCall: 'function call',
    VectorSelector: 'plain selector',
    MatrixSelector: 'range selector',
    NumberDurationLiteral: 'number',
    NumberLiteral: 'number',
    StringLiteral: 'string',
    SubqueryExpr: 'subquery',
    OffsetExpr: 'offset',
    UnaryExpr: 'unary operation',
  };
  return names[node.name] ?? node.name;
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** A PromQL string literal's value: "…" and '…' with Go's escapes, `…` raw. Undefined for an unknown escape. */
export function unquote(literal: string): string | undefined {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i] ?? '';
    const escaped = ESCAPES[next];
    if (escaped === undefined) return undefined;
    out += escaped;
  }
  return out;
}

/** A PromQL selector for `name` and matchers, strings double-quoted with Go's escapes. */
export function formatSelector(name: string, matchers: readonly LabelMatcher[]): string {
  const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
  return matchers.length === 0 ? name : `${name}{${matchers.map((m) => `${m.label}${m.op}${quoted(m.value)}`).join(',')}}`;
}

/** `sum(rate(name{…}[range]))` or `sum by (a) (rate(…))`: the shape this module reads back. */
export function formatSliQuery(query: SliQuery, range: string): string {
  const grouping = query.by.length > 0 ? ` by (${query.by.join(', ')})` : '';
  return `sum${grouping}(rate(${formatSelector(query.name, query.matchers)}[${range}]))`;
}
