/**
 * The bundled market-data API: its schema (SDL in {@code market-data.graphqls}), the resolvers over
 * {@link dev.payql.api.marketdata.data.MarketData}, and the rules that weigh its requests, plugged
 * into the GraphQL engine by {@link dev.payql.api.marketdata.MarketDataApi}.
 */
package dev.payql.api.marketdata;
