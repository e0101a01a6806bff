export { freePort, postIngestJson, startStack, TEST_ADMIN, type Stack, type StackOptions } from './stack';
export { CHROMIUM_PATH, ensureChromium, launchBrowser } from './browser';
export { createTestDatabase, startTestPostgres, type TestDatabase, type TestPostgres } from './postgres';
export { startTestRedis, type TestRedis } from './redis';
export { PROMETHEUS_BINARY, startPrometheus, type PrometheusServer } from './prometheus';
export { openDashboard, submitSignIn, type DashboardSession } from './dashboard';
export { startWebhookReceiver, type ReceivedWebhook, type ReceiverBehaviour, type WebhookReceiver } from './webhook-receiver';
