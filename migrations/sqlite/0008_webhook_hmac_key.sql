-- The key Autotask signs callouts with (its webhook `secretKey`, checked in X-Hook-Signature),
-- separate from the `?secret=` URL token: a URL seen in a proxy log no longer lets anyone sign.
-- Sealed with AAD `integration:{id}:hmac` and `integration:{id}:hmac-prev`; the previous key
-- shares the URL token's grace period (`webhook_prev_expires_at`), as both rotate together.
-- NULL on integrations created before this migration until their secrets are rotated; such
-- rows keep verifying signatures with the URL token, as they were set up in Autotask.
ALTER TABLE integrations ADD COLUMN webhook_hmac_key_enc TEXT;
ALTER TABLE integrations ADD COLUMN webhook_prev_hmac_key_enc TEXT;
