'use client';

import { DNS_RECORD_TYPES, type DnsRecordType, HTTP_METHODS, JSON_PATH_OPERATORS } from '@vigil/contracts';
import { type CheckFieldErrors, type CheckForm, fieldErrorId } from '../../lib/check-form';
import { KeyValueEditor } from '../alerts/common/key-value-editor';
import { FieldError, invalidProps } from '../common/field-error';
import { Checkbox, TextField } from './check-fields';

interface SpecProps {
  form: CheckForm;
  update(change: Partial<CheckForm>): void;
  errors: CheckFieldErrors;
}

/** What the check probes, by kind: HTTP request and assertions, TCP host and port, DNS question and answer, push period. */
export function CheckSpecFields(props: SpecProps) {
  switch (props.form.kind) {
    case 'http':
      return <HttpFields {...props} />;
    case 'tcp':
      return <TcpFields {...props} />;
    case 'dns':
      return <DnsFields {...props} />;
    case 'push':
      return <PushFields {...props} />;
  }
}

function HttpFields({ form, update, errors }: SpecProps) {
  return (
    <>
      <section className="card form-grid" data-testid="http-fields">
        <TextField className="wide" label="URL" field="spec.url" value={form.url} onChange={(url) => update({ url })} errors={errors} testId="check-url" placeholder="https://example.com/health" />
        <label>
          Method
          <select data-testid="check-method" value={form.method} onChange={(event) => update({ method: event.target.value as CheckForm['method'] })}>
            {HTTP_METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
        </label>
        <TextField label="Expected status" field="spec.expectedStatus" value={form.expectedStatus} onChange={(expectedStatus) => update({ expectedStatus })} errors={errors} testId="check-expected-status" hint="200, 2xx or 200-299; several separated by commas" />
        <TextField label="Degraded after (ms)" field="spec.degradedAfterMs" value={form.degradedAfterMs} onChange={(degradedAfterMs) => update({ degradedAfterMs })} errors={errors} testId="check-degraded-after" hint="Up but slower than this: degraded. Empty: never." />
        <TextField label="TLS expiry warning (days)" field="spec.tlsExpiryWarningDays" value={form.tlsExpiryWarningDays} onChange={(tlsExpiryWarningDays) => update({ tlsExpiryWarningDays })} errors={errors} testId="check-tls-days" hint="A certificate expiring sooner makes it degraded; 0: never." />
        <Checkbox label="Follow redirects" checked={form.followRedirects} onChange={(followRedirects) => update({ followRedirects })} testId="check-follow-redirects" />
        {form.followRedirects ? <TextField label="At most (redirects)" field="spec.maxRedirects" value={form.maxRedirects} onChange={(maxRedirects) => update({ maxRedirects })} errors={errors} testId="check-max-redirects" /> : null}
        <Checkbox label="Accept certificates that do not verify (self-signed, expired)" checked={form.ignoreTlsErrors} onChange={(ignoreTlsErrors) => update({ ignoreTlsErrors })} testId="check-ignore-tls" />
        <div className="wide">
          <KeyValueEditor legend="Request headers" rows={form.headers} onChange={(headers) => update({ headers })} keyPlaceholder="authorization" valuePlaceholder="Bearer …" testId="check-headers" error={errors['spec.headers']} secretValues />
          <FieldError id={fieldErrorId('spec.headers')} message={errors['spec.headers']} />
        </div>
        {form.method === 'GET' || form.method === 'HEAD' ? null : (
          <label className="wide">
            Body
            <textarea rows={3} data-testid="check-body" value={form.body} onChange={(event) => update({ body: event.target.value })} {...invalidProps(fieldErrorId('spec.body'), errors['spec.body'])} />
            <FieldError id={fieldErrorId('spec.body')} message={errors['spec.body']} />
          </label>
        )}
      </section>
      <section className="card form-grid" data-testid="http-assertions">
        <h2 className="wide">Assertions on the body</h2>
        <TextField label="Keyword" field="spec.keyword" value={form.keywordText} onChange={(keywordText) => update({ keywordText })} errors={errors} testId="check-keyword" hint="Empty: no keyword." />
        <label>
          The body must
          <select data-testid="check-keyword-present" value={form.keywordPresent ? 'present' : 'absent'} onChange={(event) => update({ keywordPresent: event.target.value === 'present' })}>
            <option value="present">contain it</option>
            <option value="absent">not contain it</option>
          </select>
        </label>
        <Checkbox label="Keyword is case-sensitive" checked={form.keywordCaseSensitive} onChange={(keywordCaseSensitive) => update({ keywordCaseSensitive })} testId="check-keyword-case" />
        <TextField label="JSON path" field="spec.jsonPath" value={form.jsonPath} onChange={(jsonPath) => update({ jsonPath })} errors={errors} testId="check-json-path" placeholder="$.status" hint="Empty: no JSON assertion. The first match is compared." />
        <label>
          Its value
          <select data-testid="check-json-path-op" value={form.jsonPathOp} onChange={(event) => update({ jsonPathOp: event.target.value as CheckForm['jsonPathOp'] })}>
            {JSON_PATH_OPERATORS.map((op) => (
              <option key={op}>{op}</option>
            ))}
          </select>
        </label>
        {form.jsonPathOp === 'exists' ? null : <TextField label="Compared with" field="spec.jsonPath" value={form.jsonPathValue} onChange={(jsonPathValue) => update({ jsonPathValue })} errors={{}} testId="check-json-path-value" hint='JSON (42, true, "text") or plain text' />}
      </section>
    </>
  );
}

function TcpFields({ form, update, errors }: SpecProps) {
  return (
    <section className="card form-grid" data-testid="tcp-fields">
      <TextField label="Host" field="spec.host" value={form.host} onChange={(host) => update({ host })} errors={errors} testId="check-host" placeholder="db.internal or 10.0.0.5" />
      <TextField label="Port" field="spec.port" value={form.port} onChange={(port) => update({ port })} errors={errors} testId="check-port" placeholder="5432" />
      <TextField label="Degraded after (ms)" field="spec.degradedAfterMs" value={form.degradedAfterMs} onChange={(degradedAfterMs) => update({ degradedAfterMs })} errors={errors} testId="check-degraded-after" />
    </section>
  );
}

function DnsFields({ form, update, errors }: SpecProps) {
  return (
    <section className="card form-grid" data-testid="dns-fields">
      <TextField label="Name" field="spec.name" value={form.dnsName} onChange={(dnsName) => update({ dnsName })} errors={errors} testId="check-dns-name" placeholder="example.com" />
      <label>
        Record type
        <select data-testid="check-record-type" value={form.recordType} onChange={(event) => update({ recordType: event.target.value as DnsRecordType })}>
          {DNS_RECORD_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      <TextField label="Expected values" field="spec.expected" value={form.expected} onChange={(expected) => update({ expected })} errors={errors} testId="check-dns-expected" hint="The answer must contain each (commas between); empty: any answer." />
      <TextField label="Resolver" field="spec.resolver" value={form.resolver} onChange={(resolver) => update({ resolver })} errors={errors} testId="check-dns-resolver" placeholder="1.1.1.1:53" hint="Empty: the prober host's resolvers." />
      <TextField label="Degraded after (ms)" field="spec.degradedAfterMs" value={form.degradedAfterMs} onChange={(degradedAfterMs) => update({ degradedAfterMs })} errors={errors} testId="check-degraded-after" />
    </section>
  );
}

function PushFields({ form, update, errors }: SpecProps) {
  return (
    <section className="card form-grid" data-testid="push-fields">
      <TextField label="Period" field="spec.periodSeconds" value={form.period} onChange={(period) => update({ period })} errors={errors} testId="check-period" hint="How often the job pings: 30s, 5m, 1h, 1d." />
      <TextField label="Grace" field="spec.graceSeconds" value={form.grace} onChange={(grace) => update({ grace })} errors={errors} testId="check-grace" hint="How late a ping may be before the check is down." />
      <p className="wide small muted">Saving shows the ping URL once; the job calls it when it succeeds (and /start, /fail as it runs).</p>
    </section>
  );
}
