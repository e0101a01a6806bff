'use client';

import { alertInstanceListResponseSchema } from '@vigil/contracts';
import { useRef } from 'react';
import { apiJson } from '../../../lib/api-client';
import { alertsPath } from '../../../lib/alerts-api';
import type { MatcherRow } from '../../../lib/label-matchers';
import { MatcherEditor } from '../../metrics/matcher-editor';

export interface AlertMatchersEditorProps {
  projectId: string;
  matchers: readonly MatcherRow[];
  onChange(matchers: MatcherRow[]): void;
  legend?: string;
  testId?: string;
  error?: string;
}

/**
 * The explorer's matcher editor over alert labels (for silences, policies and maintenance
 * windows): names and values are suggested from the labels of the project's known alerts, read
 * once when the first suggestion is wanted. The API has no label-name endpoint for alerts; the
 * alerts list is what carries them.
 */
export function AlertMatchersEditor({ projectId, matchers, onChange, legend = 'Alert label matchers', testId = 'alert-matchers', error }: AlertMatchersEditorProps) {
  const known = useRef<Promise<Map<string, Set<string>>> | undefined>(undefined);
  const labels = () => {
    known.current ??= apiJson(alertsPath(projectId, { state: 'all' }), alertInstanceListResponseSchema).then(
      ({ alerts }) => {
        const map = new Map<string, Set<string>>();
        for (const alert of alerts) for (const [key, value] of Object.entries(alert.labels)) map.set(key, (map.get(key) ?? new Set()).add(value));
        return map;
      },
      () => new Map<string, Set<string>>(),
    );
    return known.current;
  };
  return (
    <MatcherEditor
      matchers={matchers}
      onChange={onChange}
      contextKey={`alerts:${projectId}`}
      legend={legend}
      testId={testId}
      error={error}
      loadLabels={async (text) => [...(await labels()).keys()].filter((key) => key.startsWith(text)).sort()}
      loadValues={async (label, prefix) => [...((await labels()).get(label) ?? [])].filter((value) => value.startsWith(prefix)).sort()}
    />
  );
}
