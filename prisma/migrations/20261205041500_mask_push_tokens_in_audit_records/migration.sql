-- Push checks' tokens were recorded in clear in the audit trail, inside the `pushUrl` that
-- creating a push check or rotating its token answers (no secret field name matched it), until
-- libs/audit masked them. Mask those already recorded as libs/audit now does: the 8 characters
-- lists show are kept (`vpt_abcdefgh…[masked]`). Data only: the schema does not change.
UPDATE "audit_records"
SET "before" = regexp_replace("before"::text, '(vpt_[A-Za-z0-9_-]{8})[A-Za-z0-9_-]{35}', '\1…[masked]', 'g')::jsonb
WHERE "before"::text ~ 'vpt_[A-Za-z0-9_-]{43}';

UPDATE "audit_records"
SET "after" = regexp_replace("after"::text, '(vpt_[A-Za-z0-9_-]{8})[A-Za-z0-9_-]{35}', '\1…[masked]', 'g')::jsonb
WHERE "after"::text ~ 'vpt_[A-Za-z0-9_-]{43}';
