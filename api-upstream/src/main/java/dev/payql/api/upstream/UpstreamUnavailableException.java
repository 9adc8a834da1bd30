package dev.payql.api.upstream;

/** The upstream did not answer, or answered something that is not GraphQL. The message names no secret. */
public final class UpstreamUnavailableException extends RuntimeException {

  UpstreamUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
