package dev.payql.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphQLRequestTest {

  private static final String QUERY = "query A { a } query B { b }";

  @Test
  void itsFingerprintIsTheRequestFingerprintOfItsParts() {
    Map<String, Object> variables = Map.of("x", List.of(1, "two", true));

    assertThat(GraphQLRequest.of(QUERY, "B", variables).fingerprint())
        .isEqualTo(RequestFingerprint.of(QUERY, "B", variables));
    assertThat(GraphQLRequest.of(QUERY).fingerprint()).isEqualTo(RequestFingerprint.of(QUERY, null, null));
    assertThat(new GraphQLRequest(QUERY, Optional.of(""), Map.of()).fingerprint())
        .isEqualTo(RequestFingerprint.of(QUERY, "", null));
  }

  @Test
  void absentNullAndEmptyVariablesAreTheSameRequest() {
    GraphQLRequest absent = GraphQLRequest.of(QUERY);
    GraphQLRequest nullVariables = new GraphQLRequest(QUERY, Optional.empty(), null);
    GraphQLRequest empty = GraphQLRequest.of(QUERY, null, Map.of());

    assertThat(nullVariables).isEqualTo(absent).isEqualTo(empty);
    assertThat(nullVariables.variables()).isEmpty();
    assertThat(nullVariables.fingerprint()).isEqualTo(absent.fingerprint()).isEqualTo(empty.fingerprint());
  }

  @Test
  void aNullOperationNameMeansNone() {
    assertThat(GraphQLRequest.of(QUERY, null, null).operationName()).isEmpty();
    assertThat(GraphQLRequest.of(QUERY, "A", null).operationName()).contains("A");
  }

  @Test
  void laterChangesToTheCallersMapDoNotChangeTheRequest() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("x", 1);
    GraphQLRequest request = GraphQLRequest.of(QUERY, "A", variables);
    var before = request.fingerprint();

    variables.put("x", 2);
    variables.put("y", 3);

    assertThat(request.variables()).containsExactly(Map.entry("x", 1));
    assertThat(request.fingerprint()).isEqualTo(before);
  }

  @Test
  void theVariablesCannotBeChangedThroughTheRequest() {
    GraphQLRequest request = GraphQLRequest.of(QUERY, "A", Map.of("x", 1));

    assertThatThrownBy(() -> request.variables().put("y", 2)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aVariableMayBeExplicitlyNull() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("x", null);

    GraphQLRequest request = GraphQLRequest.of(QUERY, "A", variables);

    assertThat(request.variables()).containsEntry("x", null);
    assertThat(request.fingerprint()).isNotEqualTo(GraphQLRequest.of(QUERY, "A", Map.of()).fingerprint());
  }

  @Test
  void aQueryAndAnOptionalOperationNameAreRequired() {
    assertThatThrownBy(() -> GraphQLRequest.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new GraphQLRequest(QUERY, null, Map.of())).isInstanceOf(NullPointerException.class);
  }
}
