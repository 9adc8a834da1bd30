package dev.payql.api.upstream;

/**
 * The upstream did not answer, or answered something that is not GraphQL. The message names no
 * secret. {@link #mayHaveArrived} says whether the request may have reached the upstream (a timeout
 * or an answer cut off after it was sent) or certainly did not (no connection): a mutation may be
 * sent again only in the second case (ADR 0033).
 */
public final class UpstreamUnavailableException extends RuntimeException {

  private final boolean mayHaveArrived;

  UpstreamUnavailableException(String message, Throwable cause) {
    this(message, cause, false);
  }

  UpstreamUnavailableException(String message, Throwable cause, boolean mayHaveArrived) {
    super(message, cause);
    this.mayHaveArrived = mayHaveArrived;
  }

  /** Whether the request may have reached the upstream (and run there) before this went wrong. */
  public boolean mayHaveArrived() {
    return mayHaveArrived;
  }
}
