'use client';

import { bucketBoundsResponseSchema, checkListResponseSchema, sloPresetsResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useApiResource } from '../../hooks/use-api-resource';
import { useMetricLabelLoaders } from '../../hooks/use-metric-label-loaders';
import { apiJson } from '../../lib/api-client';
import { formatMatcher, isComplete } from '../../lib/label-matchers';
import { SLI_FORM_KINDS, type SliFormKind, sliFormFields, type SliSelectorForm, type SloFieldErrors, type SloForm } from '../../lib/slo-form';
import { bucketBoundsPath, sloChecksPath, sloPresetsPath } from '../../lib/slos-api';
import { FieldError, invalidProps } from '../common/field-error';
import { ErrorBanner } from '../common/status';
import { MatcherEditor } from '../metrics/matcher-editor';
import { MetricNamePicker } from '../metrics/metric-name-picker';

export interface SliFieldsProps {
  projectId: string;
  form: SloForm;
  onChange(change: Partial<SloForm>): void;
  errors: SloFieldErrors;
}

const KIND_LABELS: Record<SliFormKind, string> = {
  ratio: 'Ratio of counters',
  latency: 'Latency from a histogram',
  check_probes: 'Successful probes of a check',
  check_uptime: 'Minutes up of a check',
};

/** The SLI: ratio of two counters (good or bad against total), a latency threshold on a histogram (with presets for a service), or an uptime check's probes or minutes up. */
export function SliFields({ projectId, form, onChange, errors }: SliFieldsProps) {
  // The name and matcher boxes keep what is typed locally: a picked preset starts them anew.
  const [generation, setGeneration] = useState(0);
  const pick = (change: Partial<SloForm>) => {
    onChange(change);
    setGeneration((value) => value + 1);
  };
  return (
    <section className="card" data-testid="sli-fields">
      <h2>Service level indicator</h2>
      <Presets projectId={projectId} service={form.service} onPick={pick} />
      <div className="range" role="radiogroup" aria-label="SLI kind" data-testid="sli-kind">
        {SLI_FORM_KINDS.map((kind) => (
          <button key={kind} type="button" role="radio" aria-checked={form.sliKind === kind} className={form.sliKind === kind ? 'selected' : undefined} data-kind={kind} onClick={() => onChange({ sliKind: kind })}>
            {KIND_LABELS[kind]}
          </button>
        ))}
      </div>
      {form.sliKind === 'check_probes' || form.sliKind === 'check_uptime' ? (
        <CheckFields projectId={projectId} form={form} onChange={onChange} error={errors['sli.checkId']} />
      ) : form.sliKind === 'ratio' ? (
        <>
          <label className="inline-label">
            Count
            <select data-testid="sli-ratio-side" value={form.ratioSide} onChange={(event) => onChange({ ratioSide: event.target.value as SloForm['ratioSide'] })}>
              <option value="bad">bad events (good = total − bad)</option>
              <option value="good">good events</option>
            </select>
          </label>
          <SelectorFields key={`sli-events:${generation}`} projectId={projectId} testId="sli-events" title={form.ratioSide === 'bad' ? 'Bad events (e.g. requests answered 5xx)' : 'Good events'} value={form.events} onChange={(events) => onChange({ events })} error={errors['sli.bad'] ?? errors['sli.good']} />
          <SelectorFields key={`sli-total:${generation}`} projectId={projectId} testId="sli-total" title="Valid events (e.g. all requests)" value={form.total} onChange={(total) => onChange({ total })} error={errors['sli.total']} />
        </>
      ) : (
        <>
          <SelectorFields key={`sli-histogram:${generation}`} projectId={projectId} testId="sli-histogram" title="Histogram (its base name: x for x_bucket)" value={form.histogram} onChange={(histogram) => onChange({ histogram })} error={errors['sli.histogram'] ?? errors['sli.matchers']} />
          <ThresholdPicker projectId={projectId} form={form} onChange={onChange} error={errors['sli.threshold']} />
        </>
      )}
      {form.sliKind === 'ratio' || form.sliKind === 'latency' ? (
        <label>
          One budget per (optional)
          <input data-testid="sli-group-by" value={form.groupBy} placeholder="e.g. route" title="Label names, comma-separated" onChange={(event) => onChange({ groupBy: event.target.value })} {...invalidProps('sli-group-by-error', errors['sli.groupBy'])} />
          <FieldError id="sli-group-by-error" message={errors['sli.groupBy']} />
        </label>
      ) : null}
      <FieldError id="sli-error" message={errors.sli} />
    </section>
  );
}

function SelectorFields({ projectId, testId, title, value, onChange, error }: { projectId: string; testId: string; title: string; value: SliSelectorForm; onChange(value: SliSelectorForm): void; error: string | undefined }) {
  const metric = value.metric || undefined;
  const { loadLabels, loadValues } = useMetricLabelLoaders(projectId, metric);
  return (
    <fieldset className="selector query-form" data-testid={testId}>
      <legend>{title}</legend>
      <MetricNamePicker projectId={projectId} metric={metric} onMetric={(name) => onChange({ ...value, metric: name ?? '' })} invalid={error !== undefined} describedBy={`${testId}-error`} />
      <MatcherEditor key={`${projectId}:${metric ?? ''}`} contextKey={`${projectId}:${metric ?? ''}`} matchers={value.matchers} onChange={(matchers) => onChange({ ...value, matchers })} loadLabels={loadLabels} loadValues={loadValues} />
      <FieldError id={`${testId}-error`} message={error} />
    </fieldset>
  );
}

/** One of the project's checks (its probes, or its minutes up), and how degraded results count. */
function CheckFields({ projectId, form, onChange, error }: { projectId: string; form: SloForm; onChange(change: Partial<SloForm>): void; error: string | undefined }) {
  const checks = useApiResource(`slo-checks:${projectId}`, (signal) => apiJson(sloChecksPath(projectId), checkListResponseSchema, { signal }));
  const offered = checks.data?.checks ?? [];
  const missing = form.checkId !== '' && checks.data !== undefined && !offered.some((check) => check.id === form.checkId);
  return (
    <>
      <label>
        Check
        <select data-testid="sli-check" value={form.checkId} onChange={(event) => onChange({ checkId: event.target.value })} {...invalidProps('sli-check-error', error)}>
          <option value="">{checks.data && offered.length === 0 ? 'this project has no checks yet' : 'choose a check'}</option>
          {missing ? <option value={form.checkId}>{form.checkId} (not among this project&apos;s checks)</option> : null}
          {offered.map((check) => (
            <option key={check.id} value={check.id}>
              {check.name} ({check.kind})
            </option>
          ))}
        </select>
        <FieldError id="sli-check-error" message={error} />
        {checks.error ? <ErrorBanner error={checks.error} onRetry={checks.reload} /> : null}
      </label>
      <label className="inline-label">
        Degraded results (slow, or a certificate near expiry) count as
        <select data-testid="sli-degraded" value={form.degraded} onChange={(event) => onChange({ degraded: event.target.value as SloForm['degraded'] })}>
          <option value="good">good</option>
          <option value="bad">bad</option>
        </select>
      </label>
      <p className="small muted">
        {form.sliKind === 'check_probes'
          ? "Every probe in every region is one event; good when it is up (or degraded, if that counts as good)."
          : "A minute with results is one event; it is down when as many regions as the check's quorum had no good result in it. Minutes without results are not counted."}
      </p>
    </>
  );
}

/** The histogram's bucket bounds that exist (le 1 and 1.0 are one), to pick the threshold from. */
function ThresholdPicker({ projectId, form, onChange, error }: { projectId: string; form: SloForm; onChange(change: Partial<SloForm>): void; error: string | undefined }) {
  const histogram = form.histogram.metric.trim().replace(/_bucket$/, '');
  const matchers = form.histogram.matchers.filter(isComplete).map(formatMatcher);
  const key = histogram ? `bounds:${projectId}:${histogram}:${matchers.join('\n')}` : null;
  const bounds = useApiResource(key, (signal) => apiJson(bucketBoundsPath(projectId, histogram, matchers), bucketBoundsResponseSchema, { signal }));
  const offered = bounds.data?.bounds ?? [];
  const current = form.threshold.trim();
  const missing = current !== '' && !offered.some((bound) => String(bound) === current);
  return (
    <label>
      At or under (a bucket bound)
      <select data-testid="sli-threshold" value={current} onChange={(event) => onChange({ threshold: event.target.value })} {...invalidProps('sli-threshold-error', error)}>
        <option value="">{histogram ? (offered.length === 0 && !bounds.loading ? 'no buckets found for this histogram' : 'choose a bound') : 'choose the histogram first'}</option>
        {missing ? <option value={current}>{current} (not among the bounds found)</option> : null}
        {offered.map((bound) => (
          <option key={bound} value={String(bound)}>
            {bound}
          </option>
        ))}
      </select>
      <FieldError id="sli-threshold-error" message={error} />
      {bounds.error ? <ErrorBanner error={bounds.error} onRetry={bounds.reload} /> : null}
    </label>
  );
}

/** SLIs for the service from the conventions the Overview detects (requests not 5xx, latency). */
function Presets({ projectId, service, onPick }: { projectId: string; service: string; onPick(change: Partial<SloForm>): void }) {
  const load = useAction();
  const [presets, setPresets] = useState<{ source: string | null; presets: { name: string; description: string; fields: Partial<SloForm> }[] } | undefined>();
  const name = service.trim();
  const ask = () =>
    void load.run('presets', async () => {
      const answer = await apiJson(sloPresetsPath(projectId, name), sloPresetsResponseSchema);
      setPresets({ source: answer.source, presets: answer.presets.map((preset) => ({ name: preset.name, description: preset.description, fields: sliFormFields(preset.sli) })) });
    });
  return (
    <div className="presets" data-testid="sli-presets">
      <button type="button" disabled={name === '' || load.pending !== undefined} onClick={ask} data-testid="sli-presets-load" title={name === '' ? 'Name the service above first' : undefined}>
        Suggest SLIs for {name === '' ? 'the service' : name}
      </button>
      {load.error ? <ErrorBanner error={load.error} /> : null}
      {presets && presets.presets.length === 0 ? <span className="small muted"> No HTTP request metrics found for this service.</span> : null}
      {presets?.presets.map((preset) => (
        <button key={preset.name} type="button" className="small" title={preset.description} data-testid="sli-preset" onClick={() => onPick(preset.fields)}>
          Use: {preset.name}
        </button>
      ))}
    </div>
  );
}
