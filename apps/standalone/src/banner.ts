import { SELF_MONITORING_PROJECT } from '@vigil/self-monitoring';
import type { VigilRuntime } from '@vigil/runtime';

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

/** What a person needs after `npm start`: where to go and how to sign in. */
export function startBanner(runtime: VigilRuntime): string {
  const { config, initialCredentials: first } = runtime;
  const host = displayHost(config.HOST);
  const lines = [
    '',
    '  Vigil is running.',
    `  Dashboard:  http://${host}:${config.DASHBOARD_PORT}`,
    `  API:        http://${host}:${config.PORT}  (docs at /api/docs)`,
    `  Data:       ${runtime.dataDir}  (ClickHouse ${runtime.engines.clickhouse}, Postgres ${runtime.engines.postgres}, Redis ${runtime.engines.redis})`,
  ];
  if (runtime.selfMonitoringProjectId !== undefined) {
    lines.push(`  Vigil's own health: the Overview of project "${SELF_MONITORING_PROJECT.name}" (VIGIL_SELF_MONITORING=off to stop)`);
  }
  if (first) {
    lines.push(
      '',
      '  First start: these credentials are shown once, keep them.',
      `  Sign in as: ${first.adminEmail}`,
      `  Password:   ${first.adminPassword ?? '(the one you set in VIGIL_ADMIN_PASSWORD)'}`,
      `  Project:    ${first.projectName} (${first.projectId})`,
      `  Ingest key: ${first.ingestKey}`,
      '',
      '  Send a metric:',
      `  curl -X POST http://${host}:${config.PORT}/api/v1/ingest/metrics \\`,
      `    -H 'Authorization: Bearer ${first.ingestKey}' -H 'Content-Type: application/json' \\`,
      `    -d '{"samples":[{"name":"demo_latency_ms","labels":{"service":"checkout"},"value":42}]}'`,
    );
  } else {
    lines.push(
      `  Sign in as: ${config.VIGIL_ADMIN_EMAIL} with the password shown at the first start`,
      '              (lost it? start once with VIGIL_ADMIN_PASSWORD=<new password> to reset it)',
    );
  }
  return `${lines.join('\n')}\n`;
}
