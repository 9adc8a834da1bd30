package dev.payql.api.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionQuery;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Reads the upstream's schema: from the configured SDL file, or by the standard introspection query
 * against the upstream itself. The schema is not executable here: PayQL validates and weighs with
 * it, answers introspection from it, and forwards everything else.
 */
final class UpstreamSchema {

  private static final ObjectMapper JSON = new ObjectMapper();

  private UpstreamSchema() {}

  /**
   * @throws UpstreamUnavailableException when the upstream cannot be introspected
   * @throws IllegalArgumentException when the SDL file or the introspection result is no schema
   */
  static GraphQLSchema load(UpstreamSettings settings, Upstream upstream) {
    TypeDefinitionRegistry types = settings.sdlFile().isPresent()
        ? fromFile(settings)
        : new SchemaParser().buildRegistry(introspect(upstream));
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(types);
  }

  private static TypeDefinitionRegistry fromFile(UpstreamSettings settings) {
    try {
      return new SchemaParser().parse(Files.readString(settings.sdlFile().orElseThrow()));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the upstream SDL file " + settings.sdlFile().get() + ": "
          + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Document introspect(Upstream upstream) {
    Upstream.Answer answer;
    try {
      answer = upstream.post(JSON.writeValueAsBytes(Map.of("query", IntrospectionQuery.INTROSPECTION_QUERY)));
    } catch (IOException e) {
      throw new IllegalStateException("the introspection query is always serialisable", e);
    }
    if (answer.status() != 200) {
      throw new UpstreamUnavailableException("the upstream answered introspection with HTTP " + answer.status(), null);
    }
    JsonNode data;
    try {
      data = JSON.readTree(answer.body()).path("data");
    } catch (IOException e) {
      throw new UpstreamUnavailableException("the upstream's introspection answer is not JSON", e);
    }
    if (!data.has("__schema")) {
      throw new UpstreamUnavailableException("the upstream's introspection answer holds no __schema "
          + "(is introspection switched off there? then configure its SDL file)", null);
    }
    return new IntrospectionResultToSchema().createSchemaDefinition(JSON.convertValue(data, Map.class));
  }
}
