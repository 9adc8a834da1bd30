package dev.payql.engine.graphql;

/**
 * The operator's cost file cannot be used: its message names the file, the line, the entry and the
 * setting, for the operator to fix before PayQL starts.
 */
public final class CostFileException extends IllegalArgumentException {

  public CostFileException(String message) {
    super(message);
  }

  public CostFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
