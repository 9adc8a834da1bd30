-- Refunds as a recorded operation (issue #10): the buyer's refund invoice, its payment hash and
-- amount are stored when the purchase becomes REFUNDING, before the node is asked to pay, so an
-- outcome lost to a timeout or a crash is asked of the node again by hash. The fee is set once the
-- refund is paid. All five are null outside REFUNDING and REFUNDED (and for REFUNDED rows written
-- before this migration). Runs unchanged on H2 and PostgreSQL.
ALTER TABLE purchases ADD COLUMN refund_payment_hash    VARCHAR(64);
ALTER TABLE purchases ADD COLUMN refund_payment_request VARCHAR(7089);
ALTER TABLE purchases ADD COLUMN refund_amount_msat     BIGINT;
ALTER TABLE purchases ADD COLUMN refund_requested_at    TIMESTAMP WITH TIME ZONE;
ALTER TABLE purchases ADD COLUMN refund_fee_msat        BIGINT;
