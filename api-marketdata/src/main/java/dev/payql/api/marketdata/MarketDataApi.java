package dev.payql.api.marketdata;

import dev.payql.api.marketdata.data.MarketData;
import dev.payql.engine.graphql.CostFile;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.engine.graphql.SchemaCosts;
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
    return engine(data, settings, CostFile.NONE);
  }

  /**
   * As {@link #engine(MarketData, EngineSettings)}, the operator's {@code costs} over the schema's
   * cost directives.
   *
   * @throws dev.payql.engine.graphql.CostFileException when {@code costs} names what the schema lacks
   */
  public static GraphQLQueryEngine engine(MarketData data, EngineSettings settings, CostFile costs) {
    GraphQLSchema schema = schema(data);
    return new GraphQLQueryEngine(schema, SchemaCosts.of(schema, new MarketFieldRules(), costs), settings);
  }

  /** The executable schema, its fetchers reading {@code data}. */
  public static GraphQLSchema schema(MarketData data) {
    return MarketDataSchema.build(data);
  }
}
