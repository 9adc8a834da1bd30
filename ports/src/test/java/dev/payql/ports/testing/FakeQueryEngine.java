package dev.payql.ports.testing;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.ForwardedHeaders;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A query engine for service tests: weight = query length, "__schema" queries are introspection,
 * "syntax error" queries are rejected, a document starting with "mutation" is a mutation, and it
 * counts executions. It can be told to fail, or to be interrupted (the outcome unknown).
 */
public final class FakeQueryEngine implements QueryEngine {

  private final AtomicInteger executions = new AtomicInteger();
  private volatile boolean failing;
  private volatile boolean interrupted;
  private volatile ForwardedHeaders lastHeaders = ForwardedHeaders.none();

  @Override
  public Inspection inspect(GraphQLRequest request) {
    if (request.query().contains("syntax error")) {
      return new Inspection.Rejected(Inspection.Kind.SYNTAX, "Invalid syntax", List.of(new Inspection.SourceLocation(1, 3)));
    }
    boolean introspection = request.query().contains("__schema");
    return new Inspection.Accepted(request.operationName(), introspection ? 0 : request.query().length(), introspection,
        request.query().strip().startsWith("mutation"));
  }

  /** Asks for {@code x-tenant}, and remembers what came with the last execution. */
  @Override
  public Set<String> forwardedHeaderNames() {
    return Set.of("x-tenant");
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request, ForwardedHeaders headers) {
    lastHeaders = headers;
    return execute(request);
  }

  public ForwardedHeaders lastHeaders() {
    return lastHeaders;
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request) {
    int n = executions.incrementAndGet();
    if (interrupted) {
      return new ExecutionOutcome.OutcomeUnknown(
          "{\"errors\":[{\"message\":\"upstream timed out\"}],\"data\":null}".getBytes(StandardCharsets.UTF_8));
    }
    if (failing) {
      return new ExecutionOutcome.Failed("{\"errors\":[{\"message\":\"upstream down\"}]}".getBytes(StandardCharsets.UTF_8));
    }
    return new ExecutionOutcome.Completed(("{\"data\":{\"run\":" + n + "}}").getBytes(StandardCharsets.UTF_8));
  }

  public void failFromNowOn(boolean failing) {
    this.failing = failing;
  }

  /** Every execution from now on is interrupted after the request may have been sent (a timeout). */
  public void interruptFromNowOn(boolean interrupted) {
    this.interrupted = interrupted;
  }

  public int executions() {
    return executions.get();
  }

  public static Optional<String> none() {
    return Optional.empty();
  }
}
