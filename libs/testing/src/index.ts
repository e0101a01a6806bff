export { freePort, freeStackPorts, postIngestJson, stackEnv, startStack, TEST_ADMIN, type Stack, type StackOptions, type StackPorts } from './stack';
export { runScript, startNpmStart, type NpmStart } from './npm-start';
export { isListening, processesReferencing, processTree, readProcess, stillRunning, type ProcessInfo } from './processes';
export { CHROMIUM_PATH, ensureChromium, launchBrowser } from './browser';
export { createTestDatabase, startTestPostgres, type TestDatabase, type TestPostgres } from './postgres';
export { startTestRedis, type TestRedis } from './redis';
export { PROMETHEUS_BINARY, PROMTOOL_BINARY, promtool, startPrometheus, type PrometheusOptions, type PrometheusServer } from './prometheus';
export { openDashboard, submitSignIn, type DashboardSession, viewAsRole } from './dashboard';
export { startWebhookReceiver, type ReceivedWebhook, type ReceiverBehaviour, type WebhookReceiver } from './webhook-receiver';
