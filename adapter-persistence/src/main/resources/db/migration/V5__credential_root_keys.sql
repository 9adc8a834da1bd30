-- The root key of the payment credentials (L402 macaroons, Payment and x402 challenges; issue #13),
-- shared by every instance on this store. Only its sealed form is kept: AES-256-GCM under a key
-- derived from PAYQL_CREDENTIALS_SECRET, which is never in the store (ADR 0028). One row, named so a
-- later rotation can keep the retiring key beside the new one. Base64 text, so the same SQL runs on
-- H2 and PostgreSQL.
CREATE TABLE credential_root_keys (
  name       VARCHAR(32)  NOT NULL PRIMARY KEY,
  sealed_key VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
