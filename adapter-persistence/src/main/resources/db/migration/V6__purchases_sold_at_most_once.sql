-- Mutations sold at most once (issue #12, ADR 0033): whether a purchase may never be executed again
-- once its execution may have reached the API being sold. Decided at invoicing, never changed.
-- Rows from before this migration are queries (the bundled API has no mutations; proxy mode sold
-- mutations like queries until now), hence FALSE. The state column gains OUTCOME_UNKNOWN, which
-- fits its VARCHAR(20). Runs unchanged on H2 and PostgreSQL.
ALTER TABLE purchases ADD COLUMN at_most_once BOOLEAN DEFAULT FALSE NOT NULL;
