'use client';

import type { AlertEvent } from '@vigil/contracts';
import Link from 'next/link';
import { useMemo } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { formatInstant } from '../../../lib/alert-times';
import { describeTransition, segmentBox, timelineLanes } from '../../../lib/alert-timeline';
import { formatTimeRange } from '../../../lib/time-format';
import { formatValue } from '../../../lib/unit-format';
import { LabelChips } from '../common/badges';

/**
 * Alerts over a range: one lane per alert with its pending (light) and firing (strong, red for
 * critical) spans, then every transition, newest first. Lanes are plain positioned boxes rather
 * than a chart: they are state spans, not values, and stay readable as text.
 */
export function AlertTimeline({ events, range }: { events: readonly AlertEvent[]; range: { from: number; to: number } }) {
  const { href } = useAlerting();
  const lanes = useMemo(() => timelineLanes(events, range), [events, range]);
  return (
    <>
      <section className="card timeline" data-testid="alert-timeline">
        <div className="timeline-legend small muted" aria-hidden="true">
          <span className="segment-pending">pending</span>
          <span className="segment-firing">firing · warning</span>
          <span className="segment-firing segment-critical">firing · critical</span>
        </div>
        <div className="timeline-scale small muted">
          <span>{formatInstant(range.from)}</span>
          <span>{formatInstant(range.to)}</span>
        </div>
        {lanes.map((lane) => (
          <div className="timeline-lane" key={lane.instanceId} data-testid="timeline-lane" data-rule-id={lane.ruleId}>
            <div className="timeline-label">
              <Link href={href(`rules/${lane.ruleId}`)}>{lane.ruleName}</Link> <LabelChips labels={lane.groupLabels} />
            </div>
            <div className="timeline-track">
              {lane.segments.map((segment) => {
                const box = segmentBox(segment, range);
                return (
                  <span
                    key={`${segment.state}:${segment.from}`}
                    className={`timeline-segment segment-${segment.state}${segment.severity ? ` segment-${segment.severity}` : ''}`}
                    style={{ left: `${box.left}%`, width: `${box.width}%` }}
                    data-testid="timeline-segment"
                    data-state={segment.state}
                    title={`${segment.state}${segment.severity ? ` (${segment.severity})` : ''}: ${formatTimeRange(segment.from, segment.to)}${segment.ongoing ? ', ongoing' : ''}`}
                  />
                );
              })}
            </div>
          </div>
        ))}
      </section>
      <div className="card table-card">
        <table className="services events-table" data-testid="alert-events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Rule</th>
              <th scope="col">Labels</th>
              <th scope="col">Transition</th>
              <th scope="col" className="num">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {[...events]
              .sort((a, b) => b.time - a.time)
              .map((event) => (
                <tr key={`${event.instanceId}:${event.time}:${event.to}`} data-testid="alert-event" data-to={event.to} data-rule-id={event.ruleId}>
                  <td className="nowrap">
                    <time dateTime={new Date(event.time).toISOString()}>{formatInstant(event.time, true)}</time>
                  </td>
                  <td>{event.ruleName}</td>
                  <td>
                    <LabelChips labels={lane(event)} />
                  </td>
                  <td data-testid="alert-event-transition">{describeTransition(event)}</td>
                  <td className="num">
                    {event.value === null ? '—' : formatValue(event.value, null)}
                    {event.evidence?.threshold !== null && event.evidence?.threshold !== undefined ? (
                      <span className="small muted">
                        {' '}
                        ({event.evidence.comparator} {formatValue(event.evidence.threshold, null)})
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function lane(event: AlertEvent): Record<string, string> {
  return Object.fromEntries(Object.entries(event.labels).filter(([key]) => key !== 'alertname' && key !== 'rule_id' && key !== 'severity'));
}
