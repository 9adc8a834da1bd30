package dev.payql.engine.graphql;

/**
 * A field's arguments make no sense together (a market named two ways, a limit out of range). Its
 * message is written for the client and goes into the GraphQL error as it is: thrown by a schema's
 * {@link FieldRules} when a request is weighed, or by its data fetchers when it executes.
 */
public final class ArgumentException extends RuntimeException {

  public ArgumentException(String message) {
    super(message, null, false, false);
  }
}
