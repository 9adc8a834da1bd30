package dev.payql.ports.out.query;

import dev.payql.domain.request.GraphQLRequest;

/** Parses, validates, weighs and executes GraphQL requests against the schema being sold. */
public interface QueryEngine {

  /** Parses and validates the request, picks its operation and weighs it. Never executes. */
  Inspection inspect(GraphQLRequest request);

  /** Executes an already inspected request. Resolver errors are an outcome, not an exception. */
  ExecutionOutcome execute(GraphQLRequest request);
}
