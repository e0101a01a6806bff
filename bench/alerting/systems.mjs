// The alerting benchmark's systems: Vigil standalone with an Alertmanager-kind channel and a
// policy, Prometheus (remote-write receiver, rule file reloaded through /-/reload) and
// Alertmanager, each notifying its own loopback receiver; and a paced live-ingest loop that
// writes the same body to every system every second and records each write's acknowledgement.
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { post } from '../lib/http.mjs';
import { REMOTE_WRITE_HEADERS } from '../lib/remote-write.mjs';
import { benchProject, startAlertmanager, startPrometheus, startVigil, vigilLogin } from '../lib/systems.mjs';
import { INTERVAL_SECONDS, prometheusRuleFile } from './workload.mjs';

export const ADMIN = { email: 'bench@vigil.test', password: 'bench-alerting-password' };

/** Vigil signed in as its admin, with `api(method, path, body)` for its only project. */
export async function startVigilForAlerting() {
  // Notifications go to a receiver on loopback, which the outbound guard refuses unless listed.
  const vigil = await startVigil({ adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { OUTBOUND_ALLOWLIST: '127.0.0.0/8,::1/128' } });
  if (!vigil.key) throw new Error('Vigil printed no ingest key: its data dir was not fresh');
  const session = await vigilLogin(vigil, ADMIN.email, ADMIN.password);
  const projectId = benchProject(session.user).id;
  if (!projectId) throw new Error('the admin has no project');
  const api = async (method, path, body) => {
    const response = await fetch(`${vigil.url}${path}${path.includes('?') ? '&' : '?'}project=${projectId}`, {
      method,
      headers: { ...session.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return text === '' ? null : JSON.parse(text);
  };
  return { ...vigil, session, projectId, api };
}

/**
 * An Alertmanager-kind channel to `receiverUrl` and a policy sending every alert to it, grouped
 * by alertname (one group per rule), no group wait — as the Alertmanager below is configured.
 */
export async function configureVigilNotifications(vigil, receiverUrl) {
  const { channel } = await vigil.api('POST', '/api/v1/notification-channels', { name: 'bench', kind: 'alertmanager', url: receiverUrl });
  await vigil.api('POST', '/api/v1/notification-policies', {
    name: 'everything', channelIds: [channel.id], groupBy: ['alertname'], groupWaitSeconds: 0, groupIntervalSeconds: 300, repeatIntervalSeconds: 4 * 3600,
  });
  return channel;
}

/** Creates the rules through the API, `concurrency` at a time; returns their ids by name. */
export async function createVigilRules(vigil, bodies, concurrency = 4) {
  const ids = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      ids.set(body.name, (await vigil.api('POST', '/api/v1/alert-rules', body)).id);
    }
  }));
  return ids;
}

export async function deleteVigilRules(vigil, ids, concurrency = 4) {
  const list = [...ids];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < list.length) await vigil.api('DELETE', `/api/v1/alert-rules/${list[next++]}`);
  }));
}

/**
 * Alertmanager (one group per alertname, group_wait 0s, Alertmanager's default group_interval
 * and repeat_interval, as Vigil's policy) notifying `receiverUrl`, and Prometheus evaluating a
 * rule file every INTERVAL_SECONDS and sending to it. The rule file starts empty:
 * `loadRules(rules)` writes it and reloads Prometheus.
 */
export async function startPrometheusPair(receiverUrl) {
  const alertmanager = await startAlertmanager([
    'route:', '  receiver: bench', '  group_by: [alertname]', '  group_wait: 0s', '  group_interval: 5m', '  repeat_interval: 4h',
    'receivers:', '  - name: bench', '    webhook_configs:', `      - url: '${receiverUrl}'`, '        send_resolved: true', '',
  ].join('\n'));
  const prometheus = await startPrometheus({
    global: { evaluation_interval: `${INTERVAL_SECONDS}s` },
    config: ['rule_files: [rules.yml]', 'alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: ['127.0.0.1:${alertmanager.port}']`, ''].join('\n'),
    args: ['--web.enable-lifecycle'],
  });
  const loadRules = async (rules) => {
    writeFileSync(join(prometheus.dir, 'rules.yml'), prometheusRuleFile(rules));
    const response = await fetch(`${prometheus.url}/-/reload`, { method: 'POST' });
    if (!response.ok) throw new Error(`Prometheus reload: ${response.status} ${await response.text()}`);
    const loaded = (await (await fetch(`${prometheus.url}/api/v1/rules?type=alert`)).json()).data.groups.reduce((n, g) => n + g.rules.length, 0);
    if (loaded !== rules.length) throw new Error(`Prometheus loaded ${loaded} of ${rules.length} rules:\n${prometheus.child.output.slice(-2000)}`);
  };
  return { prometheus, alertmanager, loadRules };
}

/**
 * Every whole second, one remote_write body (`makeBody(ts)`) to every target, each target's
 * writes sent one after another in order (as one remote_write shard does); 429/503 and network
 * errors are retried. `acks(target)` maps a tick's timestamp to when its write was acknowledged.
 * Bounded by `maxMs`.
 */
export function startLiveIngest({ targets, makeBody, maxMs }) {
  const state = targets.map((target) => ({
    target, queue: [], sending: false, acks: new Map(), latencies: [], errors: 0, errorSamples: [],
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
  }));
  const began = Date.now();
  let stopped = false;
  let timer;
  let ticks = 0;

  async function pump(s) {
    if (s.sending) return;
    s.sending = true;
    while (s.queue.length > 0 && !stopped) {
      const { ts, body } = s.queue.shift();
      for (let attempt = 0; attempt < 20 && !stopped; attempt++) {
        const t0 = performance.now();
        const response = await post(s.agent, s.target.url, { ...REMOTE_WRITE_HEADERS, ...s.target.headers }, body);
        if (response.status >= 200 && response.status < 300) {
          s.acks.set(ts, Date.now());
          s.latencies.push(performance.now() - t0);
          break;
        }
        s.errors++;
        if (s.errorSamples.length < 3) s.errorSamples.push(`${response.status} ${response.error?.message ?? response.body.toString('utf8').slice(0, 200)}`);
        if (response.status !== 0 && response.status !== 429 && response.status !== 503) break;
        await new Promise((done) => setTimeout(done, 200));
      }
    }
    s.sending = false;
  }

  function schedule() {
    if (stopped || Date.now() - began > maxMs) return;
    const ts = Math.ceil((Date.now() + 1) / 1000) * 1000;
    timer = setTimeout(() => {
      ticks++;
      const body = makeBody(ts);
      for (const s of state) {
        s.queue.push({ ts, body });
        void pump(s);
      }
      schedule();
    }, ts - Date.now());
  }
  schedule();

  return {
    get ticks() {
      return ticks;
    },
    acks: (name) => state.find((s) => s.target.name === name).acks,
    /** Write latencies (ms) of a target since the last call, and errors. */
    drain(name) {
      const s = state.find((x) => x.target.name === name);
      const latencies = s.latencies.splice(0);
      return { latencies, errors: s.errors, errorSamples: s.errorSamples };
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      while (state.some((s) => s.sending)) await new Promise((done) => setTimeout(done, 50));
      for (const s of state) s.agent.destroy();
    },
  };
}
