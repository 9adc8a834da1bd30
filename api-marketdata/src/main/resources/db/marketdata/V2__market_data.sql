-- The market data the embedded GraphQL schema sells. Symbols are kept as named for display and
-- as a lower-cased *_key column for case-insensitive lookups.
CREATE TABLE assets (
  symbol_key VARCHAR(32)  NOT NULL,
  symbol     VARCHAR(32)  NOT NULL,
  name       VARCHAR(100) NOT NULL,
  CONSTRAINT assets_pk PRIMARY KEY (symbol_key)
);

CREATE TABLE exchanges (
  symbol_key VARCHAR(32)  NOT NULL,
  symbol     VARCHAR(32)  NOT NULL,
  name       VARCHAR(100) NOT NULL,
  country    VARCHAR(2)   NOT NULL,
  CONSTRAINT exchanges_pk PRIMARY KEY (symbol_key)
);

CREATE TABLE markets (
  id            INTEGER      NOT NULL,
  market_key    VARCHAR(100) NOT NULL,
  market_symbol VARCHAR(100) NOT NULL,
  exchange_key  VARCHAR(32)  NOT NULL,
  base_key      VARCHAR(32)  NOT NULL,
  quote_key     VARCHAR(32)  NOT NULL,
  CONSTRAINT markets_pk PRIMARY KEY (id),
  CONSTRAINT markets_key_uq UNIQUE (market_key),
  CONSTRAINT markets_exchange_fk FOREIGN KEY (exchange_key) REFERENCES exchanges (symbol_key),
  CONSTRAINT markets_base_fk FOREIGN KEY (base_key) REFERENCES assets (symbol_key),
  CONSTRAINT markets_quote_fk FOREIGN KEY (quote_key) REFERENCES assets (symbol_key)
);
CREATE INDEX markets_exchange_ix ON markets (exchange_key);

-- One-minute candles; open_minute is the start of the minute in minutes since 1970-01-01T00:00Z,
-- so coarser resolutions group on open_minute / width with plain integer division on both databases.
CREATE TABLE candles (
  market_id   INTEGER         NOT NULL,
  open_minute BIGINT          NOT NULL,
  open_price  NUMERIC(30, 12) NOT NULL,
  high_price  NUMERIC(30, 12) NOT NULL,
  low_price   NUMERIC(30, 12) NOT NULL,
  close_price NUMERIC(30, 12) NOT NULL,
  volume      NUMERIC(30, 12) NOT NULL,
  CONSTRAINT candles_pk PRIMARY KEY (market_id, open_minute),
  CONSTRAINT candles_market_fk FOREIGN KEY (market_id) REFERENCES markets (id)
);

-- Records that the bundled sample data set was taken on by one instance; its primary key is what
-- keeps several instances starting at once from loading it twice. completed_at stays null while the
-- load runs: a row left incomplete for long marks a load that died half-way, to be redone.
CREATE TABLE sample_data_loads (
  data_set     VARCHAR(64)              NOT NULL,
  started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  completed_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT sample_data_loads_pk PRIMARY KEY (data_set)
);
