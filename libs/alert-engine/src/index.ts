export { AlertEvaluator, type AlertEvaluatorOptions, type AlertEventSink, engineStateOf, type EvaluationSummary, type IntentSink, type StoredEngineState } from './alert-evaluator';
export { DeliverySender, type DeliverySenderOptions } from './delivery-sender';
export { type DeliveryQueue, GroupFlusher } from './group-flusher';
export { NotificationRouter } from './notification-router';
export { type AlertTelemetry, type ExtensionSource, fetchBatch } from './telemetry-source';
export { RAW_INDEX_REFRESH_MS, RawThresholdCache } from './raw-threshold-cache';
export { MAX_PREVIEW_EVALUATIONS, MAX_PREVIEW_LOG_EVALUATIONS, previewRule } from './rule-preview';
export { StoreAlertEventSink, StoreAlertTelemetry } from './store-adapters';
export { AlertingWorker, type AlertingWorkerOptions, tickSchedulerId } from './alerting-worker';
