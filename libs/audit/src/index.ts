export { MASKED, MAX_RECORDED_JSON_BYTES, maskSecrets } from './mask-secrets';
export { auditActionOf, type AuditAction } from './audit-action';
