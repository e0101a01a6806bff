import { describeEvidence, formatNumber, truncateText } from '../message/evidence-text';
import { sortedLabels, type NotificationAlert, type NotificationMessage } from '../message/notification-message';
import { escapeSlackText } from '../templates/templates';

/**
 * A Slack incoming-webhook message: `text` (what the phone notification shows) and one
 * attachment whose colour is the severity, holding Block Kit blocks: title, the rendered body,
 * then per alert its evidence (value, threshold, window, labels, first log lines) linked to the
 * alert in the dashboard. Everything stays inside Slack's limits, truncating the evidence
 * first. Pure.
 */

export interface SlackTextObject {
  readonly type: 'mrkdwn';
  readonly text: string;
}
export type SlackBlock =
  | { readonly type: 'section'; readonly text: SlackTextObject; readonly fields?: readonly SlackTextObject[] }
  | { readonly type: 'context'; readonly elements: readonly SlackTextObject[] };

export interface SlackWebhookPayload {
  readonly text: string;
  readonly attachments: readonly [{ readonly color: string; readonly fallback: string; readonly blocks: readonly SlackBlock[] }];
}

/** Slack's documented limits, and a total we keep under (Slack refuses `msg_blocks_too_long` near 13,000 characters). */
export const SLACK_LIMITS = {
  text: 3_000,
  sectionText: 3_000,
  fieldText: 2_000,
  fields: 10,
  blocks: 50,
  blocksTextBudget: 12_000,
  alertsShown: 10,
  logLines: 5,
  logLineChars: 300,
} as const;

export const SLACK_COLORS = { critical: '#E01E5A', warning: '#ECB22E', resolved: '#2EB67D', test: '#36C5F0' } as const;

function colorOf(message: NotificationMessage): string {
  if (message.kind === 'test') return SLACK_COLORS.test;
  const firing = message.alerts.filter((alert) => alert.status === 'firing');
  if (firing.length === 0) return SLACK_COLORS.resolved;
  return firing.some((alert) => alert.severity === 'critical') ? SLACK_COLORS.critical : SLACK_COLORS.warning;
}

/** `<url|text>`; characters that would end the link early are percent-encoded in the URL. */
function slackLink(url: string, text: string): string {
  const safeUrl = url.replace(/[<>|]/g, (char) => encodeURIComponent(char));
  return `<${safeUrl}|${escapeSlackText(text)}>`;
}

function mrkdwn(text: string, max: number): SlackTextObject {
  return { type: 'mrkdwn', text: truncateText(text === '' ? ' ' : text, max) };
}

function field(name: string, value: string): SlackTextObject {
  return mrkdwn(`*${name}*\n${escapeSlackText(value)}`, SLACK_LIMITS.fieldText);
}

function alertBlocks(alert: NotificationAlert): SlackBlock[] {
  const summary = alert.annotations.summary;
  const heading =
    [slackLink(alert.dashboardUrl, alert.ruleName), alert.status.toUpperCase(), ...(alert.severity === null ? [] : [alert.severity])].join(' · ') +
    (summary === undefined || summary === '' ? '' : `\n${escapeSlackText(summary)}`);
  const labels = Object.entries(sortedLabels(alert.labels))
    .filter(([name]) => name !== 'alertname' && name !== 'rule_id' && name !== 'severity')
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const facts = alert.evidence === null ? null : describeEvidence(alert.evidence, { maxLines: SLACK_LIMITS.logLines, maxLineChars: SLACK_LIMITS.logLineChars });
  const fields: SlackTextObject[] = [];
  if (facts?.slo) {
    fields.push(field('Budget left', facts.slo.budgetLeft));
    fields.push(field('Burn rate', `${facts.slo.burnRate} over ${facts.slo.burnRateWindow}${facts.slo.shortWindow === '' ? '' : `, ${facts.slo.shortBurnRate} over ${facts.slo.shortWindow}`}`));
    fields.push(field('Budget runs out', facts.slo.runsOut));
    if (facts.threshold !== null) fields.push(field('Threshold', facts.threshold));
  } else if (facts !== null) {
    fields.push(field('Value', facts.ratio === null ? facts.value : `${facts.value} (${facts.ratio})`));
    if (facts.threshold !== null) fields.push(field('Threshold', facts.threshold));
    fields.push(field('Window', facts.window));
  } else if (alert.value !== null) {
    fields.push(field('Value', formatNumber(alert.value)));
  }
  if (labels !== '') fields.push(field('Labels', labels));
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(heading, SLACK_LIMITS.sectionText), ...(fields.length === 0 ? {} : { fields: fields.slice(0, SLACK_LIMITS.fields) }) }];
  if (facts !== null && facts.lines.length > 0) {
    // Three backticks inside a line would end the code block early.
    const lines = facts.lines.map((line) => escapeSlackText(`${line.time} ${line.service} ${line.severity}: ${line.body}`.replace(/```/g, "'''")));
    const more = facts.moreLines > 0 ? `\n…and ${facts.moreLines} more lines` : '';
    blocks.push({ type: 'section', text: mrkdwn(`\`\`\`${lines.join('\n')}\`\`\`${more}`, SLACK_LIMITS.sectionText) });
  }
  return blocks;
}

function blockTextLength(block: SlackBlock): number {
  if (block.type === 'context') return block.elements.reduce((sum, element) => sum + element.text.length, 0);
  return block.text.text.length + (block.fields ?? []).reduce((sum, element) => sum + element.text.length, 0);
}

export function buildSlackPayload(message: NotificationMessage): SlackWebhookPayload {
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${message.title}*`, SLACK_LIMITS.sectionText) }];
  if (message.body.trim() !== '') blocks.push({ type: 'section', text: mrkdwn(message.body, SLACK_LIMITS.sectionText) });
  const footer: SlackBlock = { type: 'context', elements: [mrkdwn(`${slackLink(message.externalUrl, 'Vigil')} · ${escapeSlackText(message.receiver)}`, SLACK_LIMITS.sectionText)] };
  // Room kept for the footer and for a "more alerts" line.
  let used = blocks.reduce((sum, block) => sum + blockTextLength(block), 0) + blockTextLength(footer) + 200;
  let shown = 0;
  for (const alert of message.alerts.slice(0, SLACK_LIMITS.alertsShown)) {
    const candidate = alertBlocks(alert);
    const size = candidate.reduce((sum, block) => sum + blockTextLength(block), 0);
    if (used + size > SLACK_LIMITS.blocksTextBudget || blocks.length + candidate.length + 2 > SLACK_LIMITS.blocks) break;
    blocks.push(...candidate);
    used += size;
    shown += 1;
  }
  const notShown = message.alerts.length - shown + message.truncatedAlerts;
  if (notShown > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(`…and ${notShown} more alert${notShown === 1 ? '' : 's'}: ${slackLink(message.externalUrl, 'open Vigil')}`, SLACK_LIMITS.sectionText)] });
  }
  blocks.push(footer);
  return {
    text: truncateText(message.title, SLACK_LIMITS.text),
    attachments: [{ color: colorOf(message), fallback: truncateText(message.title, SLACK_LIMITS.text), blocks }],
  };
}
