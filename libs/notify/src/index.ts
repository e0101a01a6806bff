export { NotifyError, type NotifyErrorCode } from './notify.errors';

// Message model (pure)
export {
  commonEntries,
  createNotificationDraft,
  DEFAULT_MAX_ALERTS,
  formatGroupKey,
  sortedLabels,
  type Labels,
  type NotificationAlert,
  type NotificationDraft,
  type NotificationDraftInput,
  type NotificationKind,
  type NotificationMessage,
  type NotificationStatus,
} from './message/notification-message';
export { createNotificationMessage, type ChannelTemplates } from './message/create-notification-message';
export { createTestMessage, TEST_ALERT_NAME, type TestMessageInput } from './message/test-message';
export { describeEvidence, formatDuration, formatInstant, formatNumber, type EvidenceFacts, type EvidenceLine } from './message/evidence-text';

// Templates (pure)
export {
  BODY_MAX_CHARS,
  DEFAULT_BODY_TEMPLATE,
  DEFAULT_SLACK_BODY_TEMPLATE,
  DEFAULT_TITLE_TEMPLATE,
  defaultBodyTemplate,
  TITLE_MAX_CHARS,
  validateTemplate,
} from './templates/templates';
export { buildTemplateView, TEMPLATE_FIELDS, type AlertView, type EvidenceView, type TemplateView } from './templates/template-view';

// Payloads (pure)
export { buildNotificationBody, buildNotificationPayload, type NotificationPayload } from './payloads/build-payload';
export { buildVigilWebhookPayload, VIGIL_WEBHOOK_VERSION, type VigilWebhookAlert, type VigilWebhookPayload } from './payloads/vigil-webhook.payload';
export { buildAlertmanagerPayload, GO_ZERO_TIME, labelsFingerprint, type AlertmanagerAlert, type AlertmanagerWebhookPayload } from './payloads/alertmanager.payload';
export { buildSlackPayload, SLACK_COLORS, SLACK_LIMITS, type SlackBlock, type SlackWebhookPayload } from './payloads/slack.payload';

// Signing
export {
  generateWebhookSecret,
  isWebhookSecret,
  newWebhookId,
  rotateWebhookSecret,
  signingSecretsAt,
  signWebhook,
  webhookSecretPrefix,
  type ChannelSigningSecrets,
  type RandomBytes,
  type WebhookSignatureHeaders,
} from './signing/webhook-signing';

// Secrets at rest
export { channelSecretContext, decryptSecret, encryptSecret, ENCRYPTION_KEY_BYTES, SECRET_BOX_VERSION, type SecretBoxOptions } from './secrets/secret-box';
export { ENCRYPTION_KEY_VARIABLE, loadOrCreateKeyFile, parseEncryptionKey, type LoadedKey } from './secrets/key-file';

// Delivery
export { classifyFailure, classifyResponse, ERROR_TEXT_MAX_CHARS, type AttemptOutcome, type AttemptResult } from './delivery/attempt-result';
export { parseRetryAfter } from './delivery/retry-after';
export { DEFAULT_RETRY_POLICY, nextAttemptDelay, shouldGiveUp, type RetryPolicy, type RetryScheduleOptions } from './delivery/retry-schedule';
export { EndpointBreakers, type EndpointBreakerOptions, type EndpointCircuitState } from './delivery/endpoint-breakers';
export { DEFAULT_DELIVERY_TIMEOUT_MS, sendNotification, type NotificationRequest, type SendContext } from './delivery/send-notification';
export { openChannel, sealChannelHeaders, sealChannelSecret, type OpenedChannel, type SealedChannel } from './secrets/channel-secrets';
