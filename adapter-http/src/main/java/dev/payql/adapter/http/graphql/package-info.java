/**
 * The GraphQL engine: the market-data schema (SDL in {@code market-data.graphqls}), its resolvers
 * over the {@code MarketData} port, and the inspection (parse, validate, pick the operation, weigh)
 * that prices a request before it is sold.
 */
package dev.payql.adapter.http.graphql;
