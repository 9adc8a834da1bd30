package dev.payql.domain.request;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GraphQL request as a client sends it (DESIGN.md 1.2), already parsed from JSON. Variable values
 * are plain Java: {@code null}, {@link String}, {@link Boolean}, {@link Number}, {@link java.util.List}
 * and {@link Map} with string keys.
 *
 * <p>A class rather than a record so its {@link RequestFingerprint} is computed once, when it is
 * built (which also refuses requests without a canonical form), instead of on every call: issuing
 * and redeeming both ask for it.
 */
public final class GraphQLRequest {

  private final String query;
  private final Optional<String> operationName;
  private final Map<String, Object> variables;
  private final RequestFingerprint fingerprint;

  /**
   * @throws IllegalArgumentException for a request with no canonical form (an unpaired surrogate, a
   *     number out of range); see {@link RequestFingerprint#of}
   */
  public GraphQLRequest(String query, Optional<String> operationName, Map<String, Object> variables) {
    this.query = Objects.requireNonNull(query, "query");
    this.operationName = Objects.requireNonNull(operationName, "operationName");
    // absent, null and {} variables are the same request (DESIGN.md 1.5)
    this.variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    this.fingerprint = RequestFingerprint.of(query, operationName.orElse(null), this.variables);
  }

  public static GraphQLRequest of(String query) {
    return new GraphQLRequest(query, Optional.empty(), Map.of());
  }

  public static GraphQLRequest of(String query, String operationName, Map<String, Object> variables) {
    return new GraphQLRequest(query, Optional.ofNullable(operationName), variables);
  }

  public String query() {
    return query;
  }

  public Optional<String> operationName() {
    return operationName;
  }

  public Map<String, Object> variables() {
    return variables;
  }

  public RequestFingerprint fingerprint() {
    return fingerprint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GraphQLRequest other
        && query.equals(other.query)
        && operationName.equals(other.operationName)
        && variables.equals(other.variables);
  }

  @Override
  public int hashCode() {
    return Objects.hash(query, operationName, variables);
  }

  @Override
  public String toString() {
    return "GraphQLRequest[operationName=" + operationName.orElse("-") + ", fingerprint=" + fingerprint + "]";
  }
}
