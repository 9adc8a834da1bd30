package dev.payql.ports.out.node;

/** The node could not be reached or did not answer in time. Transient: retry later. */
public class NodeUnavailableException extends RuntimeException {

  public NodeUnavailableException(String message) {
    super(message);
  }

  public NodeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
