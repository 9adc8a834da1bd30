package dev.payql.ports.out.node;

/**
 * The node answers but refuses PayQL itself: a wrong or under-privileged macaroon or rune, a
 * certificate that does not match. Unlike other unavailability, waiting cannot cure it; the operator
 * must fix the configuration, and the message says what to fix.
 */
public class NodeAccessDeniedException extends NodeUnavailableException {

  public NodeAccessDeniedException(String message) {
    super(message);
  }

  public NodeAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
