-- Runs unchanged on H2 (2.x) and PostgreSQL (12+): standard SQL types only.
-- Only the SHA-256 digest of a one-time key is stored, never the key.
CREATE TABLE purchases (
  key_digest         VARCHAR(64)              NOT NULL,
  fingerprint        VARCHAR(64)              NOT NULL,
  payment_hash       VARCHAR(64)              NOT NULL,
  payment_request    VARCHAR(7089)            NOT NULL,
  price_msat         BIGINT                   NOT NULL,
  price_usd          NUMERIC(30, 12)          NOT NULL,
  weight             BIGINT                   NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  invoice_expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  state              VARCHAR(20)              NOT NULL,
  version            BIGINT                   NOT NULL,
  paid_at            TIMESTAMP WITH TIME ZONE,
  key_expires_at     TIMESTAMP WITH TIME ZONE,
  lease_expires_at   TIMESTAMP WITH TIME ZONE,
  attempts           INTEGER                  NOT NULL,
  -- the exact bytes of a spent key's answer, kept until replay_until (DESIGN.md 1.4, replays)
  response_body      BYTEA,
  replay_until       TIMESTAMP WITH TIME ZONE,
  CONSTRAINT purchases_pk PRIMARY KEY (key_digest),
  CONSTRAINT purchases_payment_hash_uq UNIQUE (payment_hash)
);

-- One index per kind of sweep, and one for the reconciliation walk on start: each query of the
-- store filters on one state and ranges over one column.
CREATE INDEX purchases_invoice_expiry_ix ON purchases (state, invoice_expires_at);
CREATE INDEX purchases_key_expiry_ix ON purchases (state, key_expires_at);
CREATE INDEX purchases_replay_ix ON purchases (state, replay_until);
CREATE INDEX purchases_state_key_ix ON purchases (state, key_digest);

-- How far each settlement stream of the node has been handled (LND settle index, CLN pay index).
CREATE TABLE settlement_cursors (
  stream      VARCHAR(100) NOT NULL,
  last_cursor BIGINT       NOT NULL,
  CONSTRAINT settlement_cursors_pk PRIMARY KEY (stream)
);
