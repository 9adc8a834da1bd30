package dev.payql.engine.graphql;

import dev.payql.ports.out.store.StoreUnavailableException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a resolver's exception into a GraphQL error a client may read. graphql-java's default
 * handler copies the exception's message into the response, which can carry SQL, host names or
 * file paths; here only messages written for clients pass, everything else is logged and replaced.
 */
public final class ClientSafeErrors implements DataFetcherExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ClientSafeErrors.class);

  public static final String UNAVAILABLE = "the data behind this field is unavailable right now; try again later";
  public static final String INTERNAL = "an internal error stopped this field from being resolved";

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters parameters) {
    Throwable cause = parameters.getException();
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = switch (cause) {
      case ArgumentException argument -> argument.getMessage();
      case StoreUnavailableException unavailable -> {
        LOG.warn("data unavailable while resolving {}: {}", parameters.getPath(), unavailable.toString());
        yield UNAVAILABLE;
      }
      default -> {
        LOG.error("resolver failed at {}", parameters.getPath(), cause);
        yield INTERNAL;
      }
    };
    GraphQLError error = GraphqlErrorBuilder.newError()
        .message(message)
        .path(parameters.getPath())
        .location(parameters.getSourceLocation())
        .build();
    return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
  }
}
