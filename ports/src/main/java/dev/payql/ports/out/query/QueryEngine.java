package dev.payql.ports.out.query;

import dev.payql.domain.request.GraphQLRequest;
import java.util.Set;

/** Parses, validates, weighs and executes GraphQL requests against the schema being sold. */
public interface QueryEngine {

  /** Parses and validates the request, picks its operation and weighs it. Never executes. */
  Inspection inspect(GraphQLRequest request);

  /** Executes an already inspected request. Resolver errors are an outcome, not an exception. */
  ExecutionOutcome execute(GraphQLRequest request);

  /**
   * The same, with the headers of the buyer's paid request that this engine asked for through
   * {@link #forwardedHeaderNames}; an engine that asks for none ignores them. A decorator passes
   * both on to the engine it wraps.
   */
  default ExecutionOutcome execute(GraphQLRequest request, ForwardedHeaders headers) {
    return execute(request);
  }

  /** Lower-case names of the buyer's headers this engine wants with each paid execution; none by default. */
  default Set<String> forwardedHeaderNames() {
    return Set.of();
  }
}
