import type { SeverityText } from './batch';

/** OTLP's severity ranges: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
const RANGES: readonly SeverityText[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** Common spellings of severity text (syslog, log4j, Python, pino, Go), upper-cased. */
const TEXT_TO_NUMBER: Readonly<Record<string, number>> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  INFORMATION: 9,
  NOTICE: 10,
  WARN: 13,
  WARNING: 13,
  ERROR: 17,
  ERR: 17,
  CRITICAL: 18,
  CRIT: 18,
  ALERT: 19,
  FATAL: 21,
  PANIC: 21,
  EMERG: 21,
  EMERGENCY: 21,
};

export interface Severity {
  severityNumber: number;
  severityText: SeverityText;
}

/**
 * A severity from an OTLP number (1–24) and/or text. The number wins when given; text alone is
 * mapped to the first number of its range (`warn` → 13, also with a digit: `WARN2` → 14);
 * anything else is unspecified (0).
 */
export function normalizeSeverity(severityNumber: number | null | undefined, severityText: string | null | undefined): Severity {
  const number = severityNumber ?? 0;
  if (Number.isInteger(number) && number >= 1 && number <= 24) {
    return { severityNumber: number, severityText: RANGES[Math.floor((number - 1) / 4)] as SeverityText };
  }
  const text = (severityText ?? '').trim().toUpperCase();
  const match = /^([A-Z]+)([1-4])?$/.exec(text);
  const base = match ? TEXT_TO_NUMBER[match[1] as string] : undefined;
  if (base === undefined) return { severityNumber: 0, severityText: 'UNSPECIFIED' };
  const mapped = match?.[2] && base % 4 === 1 ? base + Number(match[2]) - 1 : base;
  return { severityNumber: mapped, severityText: RANGES[Math.floor((mapped - 1) / 4)] as SeverityText };
}
