package dev.payql.api.marketdata;

import dev.payql.api.marketdata.data.MarketData;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.FieldRules;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import graphql.schema.GraphQLSchema;

/**
 * The bundled market-data API (DESIGN.md section 5) plugged into the GraphQL engine: the schema in
 * {@code market-data.graphqls}, its resolvers over {@link MarketData}, and its weighing rules. The
 * default API PayQL sells; its data lives in the tables of {@link dev.payql.api.marketdata.jdbc}.
 */
public final class MarketDataApi {

  /** The SDL, a resource beside this class. */
  public static final String SDL_RESOURCE = MarketDataSchema.SDL_RESOURCE;

  private MarketDataApi() {}

  /** The engine that sells {@code data} through the market-data schema. */
  public static GraphQLQueryEngine engine(MarketData data, EngineSettings settings) {
    return new GraphQLQueryEngine(schema(data), fieldRules(), settings);
  }

  /** The executable schema, its fetchers reading {@code data}. */
  public static GraphQLSchema schema(MarketData data) {
    return MarketDataSchema.build(data);
  }

  /** How the market-data schema's arguments are checked and its lists sized when a request is weighed. */
  public static FieldRules fieldRules() {
    return new MarketFieldRules();
  }
}
