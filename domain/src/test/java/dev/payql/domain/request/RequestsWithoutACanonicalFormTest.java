package dev.payql.domain.request;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Texts UTF-8 cannot carry and numbers BigDecimal cannot rescale have no canonical form: two such
 * requests could hash alike, so they are refused as invalid instead (and never crash a caller).
 */
class RequestsWithoutACanonicalFormTest {

  @Test
  void anUnpairedSurrogateInAVariableIsRefused() {
    assertThatThrownBy(() -> RequestFingerprint.of("{ a }", null, Map.of("v", "\ud800")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
  }

  @Test
  void anUnpairedSurrogateInTheQueryOrOperationNameIsRefused() {
    assertThatThrownBy(() -> RequestFingerprint.of("{ a \udc00 }", null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestFingerprint.of("{ a }", "op\ud800", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aProperSurrogatePairIsAccepted() {
    RequestFingerprint.of("{ a }", null, Map.of("emoji", "\ud83d\ude00"));
  }

  @Test
  void aNumberBeyondWhatCanBeRescaledIsRefusedAsInvalidNotAsAnArithmeticError() {
    assertThatThrownBy(() -> RequestFingerprint.of("{ a }", null, Map.of("n", new BigDecimal("10e2147483647"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
  }

  @Test
  void aGraphQLRequestWithoutACanonicalFormCannotBeBuilt() {
    assertThatThrownBy(() -> GraphQLRequest.of("{ a }", null, Map.of("v", "\udfff")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
