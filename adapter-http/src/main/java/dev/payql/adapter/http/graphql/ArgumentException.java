package dev.payql.adapter.http.graphql;

/**
 * A field's arguments make no sense together (a market named two ways, a limit out of range). Its
 * message is written for the client and goes into the GraphQL error as it is.
 */
final class ArgumentException extends RuntimeException {

  ArgumentException(String message) {
    super(message, null, false, false);
  }
}
