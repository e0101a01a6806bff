// The prober benchmark's systems: the loopback targets (target.mjs, a child process), Vigil
// standalone signed in as its admin with the checks created through its API, and
// blackbox_exporter driven by a real Prometheus that scrapes `/probe?target=…` for every target.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, start, tempDir, waitReady } from '../lib/processes.mjs';
import { startPrometheus, startVigil, vigilLogin } from '../lib/systems.mjs';

export const ADMIN = { email: 'bench@vigil.test', password: 'bench-prober-password' };
const TARGET = join(import.meta.dirname, 'target.mjs');

/**
 * target.mjs as a child: `ports` servers (or one on `listen`) counting hits for `checks` check
 * paths. Answers `{ child, pid, ports, url(i), stats(), reset() }`; check i is served on port
 * i mod ports, path /c/i (so targets differ by port and path).
 */
export async function startTargets({ ports = 1, checks = 1, listen } = {}) {
  const child = start(process.execPath, [TARGET, `--ports=${ports}`, `--checks=${checks}`, ...(listen ? [`--listen=${listen}`] : [])]);
  await waitReady('the targets', child, async () => child.output.includes('READY '), 15_000);
  const ready = JSON.parse(/READY (\{.*\})/.exec(child.output)[1]);
  const control = `http://127.0.0.1:${ready.control}`;
  return {
    child,
    pid: child.pid,
    ports: ready.ports,
    url: (i) => `http://127.0.0.1:${ready.ports[i % ready.ports.length]}/c/${i}`,
    stats: async () => (await fetch(`${control}/stats`)).json(),
    reset: async () => void (await fetch(`${control}/reset`, { method: 'POST' })),
  };
}

/** Vigil standalone (loopback targets allowed by the outbound guard), signed in, with `api(method, path, body)` for its project. */
export async function startVigilForProbes(nodeArgs = []) {
  const vigil = await startVigil({ adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { OUTBOUND_ALLOWLIST: '127.0.0.0/8' }, nodeArgs });
  const session = await vigilLogin(vigil, ADMIN.email, ADMIN.password);
  const projectId = session.user.projects[0]?.id;
  if (!projectId) throw new Error('the admin has no project');
  const api = async (method, path, body, headers = {}) => {
    const response = await fetch(`${vigil.url}${path}${path.includes('?') ? '&' : '?'}project=${projectId}`, {
      method,
      headers: { ...session.headers, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok && response.status !== 304) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
  };
  return { ...vigil, session, projectId, api };
}

/** Creates the HTTP checks through the API, `concurrency` at a time; returns their ids in order. */
export async function createChecks(vigil, urls, { intervalSeconds, timeoutMs, concurrency = 8, onProgress = () => {} }) {
  const ids = new Array(urls.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < urls.length) {
      const i = next++;
      const { body } = await vigil.api('POST', '/api/v1/checks', { name: `bench ${i}`, kind: 'http', spec: { url: urls[i] }, intervalSeconds, timeoutMs });
      ids[i] = body.check.id;
      if (i % 1000 === 999) onProgress(i + 1);
    }
  }));
  return ids;
}

/**
 * blackbox_exporter (its `http_2xx` module with the checks' timeout) and a Prometheus scraping
 * `/probe?module=http_2xx&target=<url>` for every url every `intervalSeconds` — how
 * blackbox_exporter is run (its README's relabelling), Prometheus spreading the scrapes over
 * the interval as Vigil spreads its checks.
 */
export async function startBlackboxPair(urls, { intervalSeconds, timeoutMs }) {
  const dir = tempDir('blackbox-bench-');
  const port = await freePort();
  writeFileSync(join(dir, 'blackbox.yml'), ['modules:', '  http_2xx:', '    prober: http', `    timeout: ${timeoutMs / 1000}s`, '    http:', '      preferred_ip_protocol: ip4', ''].join('\n'));
  const child = start('/usr/bin/prometheus-blackbox-exporter', [`--config.file=${join(dir, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  await waitReady('blackbox_exporter', child, async () => (await fetch(`${url}/-/healthy`)).status === 200, 30_000);
  const blackbox = { name: 'blackbox_exporter', child, pid: child.pid, dir, url };

  const promDir = tempDir('prom-bench-');
  writeFileSync(join(promDir, 'targets.json'), JSON.stringify([{ targets: urls }]));
  const scrapeConfigs = [
    '  - job_name: blackbox',
    '    metrics_path: /probe',
    '    params: { module: [http_2xx] }',
    `    scrape_interval: ${intervalSeconds}s`,
    `    scrape_timeout: ${Math.ceil(timeoutMs / 1000) + 1}s`,
    '    file_sd_configs: [{ files: [targets.json] }]',
    '    relabel_configs:',
    '      - { source_labels: [__address__], target_label: __param_target }',
    '      - { source_labels: [__param_target], target_label: instance }',
    `      - { target_label: __address__, replacement: '127.0.0.1:${port}' }`,
  ].join('\n');
  const prometheus = await startPrometheus({ dir: promDir, scrapeConfigs });
  return { blackbox, prometheus };
}

/** The probes Prometheus reports as succeeded / scraped (`probe_success`) right now. */
export async function blackboxUp(prometheus) {
  const query = async (q) => Number((await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`)).json()).data?.result?.[0]?.value?.[1] ?? NaN);
  return { success: await query('sum(probe_success)'), targets: await query('count(up)') };
}
