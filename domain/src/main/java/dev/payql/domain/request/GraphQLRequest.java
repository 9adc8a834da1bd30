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
 * @throws IllegalArgumentException for a request with no canonical form (an unpaired surrogate, a
 *     number out of range); see {@link RequestFingerprint#of}
 */
public record GraphQLRequest(String query, Optional<String> operationName, Map<String, Object> variables) {

  public GraphQLRequest {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(operationName, "operationName");
    // absent, null and {} variables are the same request (DESIGN.md 1.5)
    variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    // a request without a canonical form could not be told apart from another: refuse it here, once
    RequestFingerprint.of(query, operationName.orElse(null), variables);
  }

  public static GraphQLRequest of(String query) {
    return new GraphQLRequest(query, Optional.empty(), Map.of());
  }

  public static GraphQLRequest of(String query, String operationName, Map<String, Object> variables) {
    return new GraphQLRequest(query, Optional.ofNullable(operationName), variables);
  }

  public RequestFingerprint fingerprint() {
    return RequestFingerprint.of(query, operationName.orElse(null), variables);
  }
}
