/**
 * The market-data API's own tables (migrations in {@code db/marketdata}) in the configured H2 or
 * PostgreSQL database, read through JDBI: queries, the bundled sample data set and the importer
 * of the operator's CSV files. Opened by {@link dev.payql.api.marketdata.jdbc.MarketDataTables}.
 */
package dev.payql.api.marketdata.jdbc;
