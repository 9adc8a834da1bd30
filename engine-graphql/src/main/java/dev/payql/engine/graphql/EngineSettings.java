package dev.payql.engine.graphql;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the GraphQL engine.
 *
 * @param executionTimeout an execution still running after this is stopped and answered with an
 *     error (must stay shorter than the redemption lease, see {@code RedemptionPolicy})
 * @param maxQueryCharacters longer query texts are refused before parsing
 * @param maxDepth deepest field nesting accepted (introspection included: GraphiQL's schema query
 *     nests about 14 levels)
 * @param defaultListSize how many items a list field without a {@code limit} argument counts for
 *     when a request is weighed
 * @param documentCacheSize parsed and validated documents kept, so a request inspected for its
 *     invoice is not parsed again when it executes
 */
public record EngineSettings(Duration executionTimeout, int maxQueryCharacters, int maxDepth, int defaultListSize,
    int documentCacheSize) {

  public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_QUERY_CHARACTERS = 16 * 1024;
  public static final int DEFAULT_MAX_DEPTH = 20;
  public static final int DEFAULT_LIST_SIZE = 20;
  public static final int DEFAULT_DOCUMENT_CACHE_SIZE = 500;

  public EngineSettings {
    Objects.requireNonNull(executionTimeout, "executionTimeout");
    if (executionTimeout.isNegative() || executionTimeout.isZero()) {
      throw new IllegalArgumentException("the execution timeout must be positive: " + executionTimeout);
    }
    positive(maxQueryCharacters, "maxQueryCharacters");
    positive(maxDepth, "maxDepth");
    positive(defaultListSize, "defaultListSize");
    if (documentCacheSize < 0) {
      throw new IllegalArgumentException("documentCacheSize cannot be negative: " + documentCacheSize);
    }
  }

  public static EngineSettings defaults() {
    return new EngineSettings(DEFAULT_EXECUTION_TIMEOUT, DEFAULT_MAX_QUERY_CHARACTERS, DEFAULT_MAX_DEPTH,
        DEFAULT_LIST_SIZE, DEFAULT_DOCUMENT_CACHE_SIZE);
  }

  public EngineSettings withExecutionTimeout(Duration timeout) {
    return new EngineSettings(timeout, maxQueryCharacters, maxDepth, defaultListSize, documentCacheSize);
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
  }
}
