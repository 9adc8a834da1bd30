/**
 * The market data the embedded GraphQL schema sells (DESIGN.md section 5): assets, exchanges,
 * markets, tickers and OHLCV candles. Symbols match case-insensitively everywhere.
 */
package dev.payql.api.marketdata.data;
