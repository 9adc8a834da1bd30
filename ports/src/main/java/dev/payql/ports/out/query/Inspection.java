package dev.payql.ports.out.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What inspecting a request found. */
public sealed interface Inspection {

  /**
   * A valid request.
   *
   * @param operationName the operation that will execute, if it has a name
   * @param weight the request's weight under the engine's weighing rules
   * @param introspectionOnly it reads only {@code __schema}, {@code __type} and {@code __typename},
   *     which is free
   * @param mutation the operation that will execute is a mutation: it is sold at most once (ADR 0033)
   */
  record Accepted(Optional<String> operationName, long weight, boolean introspectionOnly, boolean mutation)
      implements Inspection {
    public Accepted {
      Objects.requireNonNull(operationName, "operationName");
      if (weight < 0) {
        throw new IllegalArgumentException("weight cannot be negative");
      }
      if (introspectionOnly && mutation) {
        throw new IllegalArgumentException("a mutation is never introspection only");
      }
    }

    /** A query. */
    public Accepted(Optional<String> operationName, long weight, boolean introspectionOnly) {
      this(operationName, weight, introspectionOnly, false);
    }
  }

  /** An invalid request, with the parser's or validator's words and where in the query. */
  record Rejected(Kind kind, String detail, List<SourceLocation> locations) implements Inspection {
    public Rejected {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
      locations = List.copyOf(locations);
    }
  }

  enum Kind {
    /** The query text is not GraphQL. */
    SYNTAX,
    /** The query does not fit the schema. */
    VALIDATION,
    /** The operation named is not in the document, or none was named and several exist. */
    UNKNOWN_OPERATION
  }

  record SourceLocation(int line, int column) {}
}
