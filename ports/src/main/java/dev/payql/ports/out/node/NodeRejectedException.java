package dev.payql.ports.out.node;

/** The node answered and refused (bad payment request, duplicate, permissions). Not transient. */
public class NodeRejectedException extends RuntimeException {

  public NodeRejectedException(String message) {
    super(message);
  }

  public NodeRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
