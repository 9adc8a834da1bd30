package dev.payql.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact canonical text of DESIGN.md 1.5: sorted keys, no whitespace, shortest numbers. */
class CanonicalJsonTest {

  @Test
  void objectKeysAreSortedAndNoWhitespaceIsWritten() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put("a", List.of(true, false));
    map.put("c", null);

    assertThat(CanonicalJson.write(map)).isEqualTo("{\"a\":[true,false],\"b\":1,\"c\":null}");
  }

  @Test
  void nestedObjectsAreSortedTooAndArraysKeepTheirOrder() {
    Map<String, Object> inner = new TreeMap<>(java.util.Comparator.reverseOrder());
    inner.put("y", 2);
    inner.put("x", 1);

    assertThat(CanonicalJson.write(Map.of("outer", List.of(inner, 3, List.of()), "empty", Map.of())))
        .isEqualTo("{\"empty\":{},\"outer\":[{\"x\":1,\"y\":2},3,[]]}");
  }

  @Test
  void keysAreOrderedByUtf16CodeUnitsAsRfc8785Does() {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+E000 by code unit
    // though after it by code point
    Map<String, Object> map = new HashMap<>();
    map.put("\uE000", 1);
    map.put("😀", 2);
    map.put("Z", 3);
    map.put("a", 4);

    assertThat(CanonicalJson.write(map)).isEqualTo("{\"Z\":3,\"a\":4,\"😀\":2,\"\uE000\":1}");
  }

  @Test
  void stringsEscapeOnlyWhatJsonRequires() {
    String nasty = "q\"b\\s/\b\f\n\r\t\u0000\u0001\u001f\u007f é€😀\u2028";

    assertThat(CanonicalJson.write(nasty))
        .isEqualTo("\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f\u007f é€😀\u2028\"");
  }

  @Test
  void keysAreEscapedLikeValues() {
    assertThat(CanonicalJson.write(Map.of("a\"b\n", "v"))).isEqualTo("{\"a\\\"b\\n\":\"v\"}");
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
      "1.0,         1",
      "1e0,         1",
      "1.50,        1.5",
      "15e-1,       1.5",
      "100,         100",
      "1E2,         100",
      "-0,          0",
      "0.000,       0",
      "-12.340,     -12.34",
      "0.0000001,   0.0000001",
      "1e21,        1000000000000000000000",
      "1e22,        1e22",
      "1.5e30,      1.5e30",
      "-2.50e30,    -2.5e30",
      "1e-21,       0.000000000000000000001",
      "1e-22,       1e-22",
      "123.456e100, 1.23456e102",
      "9223372036854775808, 9223372036854775808"
  })
  void numbersAreWrittenInTheirShortestForm(String number, String canonical) {
    assertThat(CanonicalJson.number(new BigDecimal(number))).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999", "1e-999999", "1e2147483647", "-7e-2147483647"})
  void hugeExponentsStayShortInsteadOfExpandingToMillionsOfDigits(String number) {
    assertThat(CanonicalJson.number(new BigDecimal(number))).hasSizeLessThanOrEqualTo(number.length());
    assertThat(CanonicalJson.number(new BigDecimal(number))).isEqualTo(number);
  }

  @Test
  void everyJavaNumberTypeIsWrittenByItsValue() {
    assertThat(List.of(
        CanonicalJson.number(1),
        CanonicalJson.number(1L),
        CanonicalJson.number((short) 1),
        CanonicalJson.number((byte) 1),
        CanonicalJson.number(BigInteger.ONE),
        CanonicalJson.number(1.0d),
        CanonicalJson.number(1.0f),
        CanonicalJson.number(new java.util.concurrent.atomic.AtomicLong(1))))
        .containsOnly("1");
  }

  @Test
  void doublesAreWrittenAsTheShortestDecimalThatReadsBackTheSame() {
    assertThat(CanonicalJson.number(0.1d)).isEqualTo("0.1");
    assertThat(CanonicalJson.number(0.1f)).isEqualTo("0.1");
    assertThat(CanonicalJson.number(0.1d + 0.2d)).isEqualTo("0.30000000000000004");
    assertThat(CanonicalJson.number(1e23)).isEqualTo("1e23");
    assertThat(CanonicalJson.number(-0.0d)).isEqualTo("0");
    assertThat(CanonicalJson.number(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e308");
    assertThat(CanonicalJson.number(Double.MIN_VALUE)).isEqualTo("4.9e-324");
    assertThat(CanonicalJson.number(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
  }

  @Test
  void notANumberAndInfinityAreRefusedBecauseJsonHasNeither() {
    for (Number n : List.<Number>of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Float.NaN, Float.POSITIVE_INFINITY)) {
      assertThatThrownBy(() -> CanonicalJson.write(List.of(n)))
          .as("%s", n)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NaN or infinity");
    }
  }

  @Test
  void valuesJsonCannotHoldAreRefused() {
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON value");
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", 'c'))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", new byte[] {1}))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void objectKeysThatAreNotStringsAreRefused() {
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", Map.of(1, "one"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys are strings");
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    assertThatThrownBy(() -> CanonicalJson.write(nullKey)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nestingIsLimitedSoAHostileRequestCannotExhaustTheStack() {
    assertThat(CanonicalJson.write(nested(512))).isEqualTo("[".repeat(512) + "1" + "]".repeat(512));
    assertThatThrownBy(() -> CanonicalJson.write(nested(513)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deeper than 512");
  }

  private static Object nested(int depth) {
    Object value = 1;
    for (int i = 0; i < depth; i++) {
      value = new ArrayList<>(Arrays.asList(value));
    }
    return value;
  }
}
