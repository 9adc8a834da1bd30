package dev.payql.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** "The same request body" (DESIGN.md 1.5). */
class RequestFingerprintTest {

  private static final String QUERY = "query Price($asset: String!) { ticker(asset: $asset) { last } }";

  private static RequestFingerprint fingerprint(Map<String, ?> variables) {
    return RequestFingerprint.of(QUERY, "Price", variables);
  }

  /** A map with null values allowed, in the order given: k1, v1, k2, v2, … */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  // ---- what does not change it

  @Test
  void theOrderOfVariableKeysDoesNotMatter() {
    assertThat(fingerprint(ordered("asset", "BTC", "limit", 10, "exchange", "kraken")))
        .isEqualTo(fingerprint(ordered("limit", 10, "exchange", "kraken", "asset", "BTC")))
        .isEqualTo(fingerprint(new TreeMap<>(ordered("limit", 10, "exchange", "kraken", "asset", "BTC"))));
  }

  @Test
  void theOrderOfKeysInNestedObjectsDoesNotMatter() {
    Map<String, Object> filterOneWay = ordered("from", "2026-01-01", "to", "2026-02-01",
        "sides", List.of(ordered("b", 1, "a", 2)));
    Map<String, Object> filterOtherWay = new TreeMap<>(Comparator.reverseOrder());
    filterOtherWay.putAll(ordered("sides", List.of(ordered("a", 2, "b", 1)), "to", "2026-02-01",
        "from", "2026-01-01"));

    assertThat(fingerprint(ordered("asset", "BTC", "filter", filterOneWay)))
        .isEqualTo(fingerprint(ordered("filter", filterOtherWay, "asset", "BTC")));
  }

  static Stream<Named<Number>> theNumberOne() {
    return Stream.of(
        Named.of("Integer 1", 1),
        Named.of("Long 1", 1L),
        Named.of("BigInteger 1", BigInteger.ONE),
        Named.of("BigDecimal 1", BigDecimal.ONE),
        Named.of("BigDecimal 1.0", new BigDecimal("1.0")),
        Named.of("BigDecimal 1.000", new BigDecimal("1.000")),
        Named.of("BigDecimal 1e0", new BigDecimal("1e0")),
        Named.of("BigDecimal 0.1e1", new BigDecimal("0.1e1")),
        Named.of("Double 1.0", 1.0d),
        Named.of("Float 1.0", 1.0f),
        Named.of("Short 1", (short) 1));
  }

  @ParameterizedTest
  @MethodSource("theNumberOne")
  void howTheParserHandedOverANumberDoesNotMatter(Number one) {
    assertThat(fingerprint(Map.of("limit", one))).isEqualTo(fingerprint(Map.of("limit", 1)));
  }

  @Test
  void aDecimalFromADoubleAndFromABigDecimalIsTheSameNumber() {
    assertThat(fingerprint(Map.of("p", 0.1d))).isEqualTo(fingerprint(Map.of("p", new BigDecimal("0.10"))));
    assertThat(fingerprint(Map.of("p", 1.5e30d))).isEqualTo(fingerprint(Map.of("p", new BigDecimal("15e29"))));
    assertThat(fingerprint(Map.of("p", -0.0d))).isEqualTo(fingerprint(Map.of("p", 0)));
  }

  @Test
  void absentNullAndEmptyVariablesAreTheSameRequest() {
    RequestFingerprint none = RequestFingerprint.of(QUERY, "Price", null);

    assertThat(RequestFingerprint.of(QUERY, "Price", Map.of())).isEqualTo(none);
    assertThat(RequestFingerprint.of(QUERY, "Price", new HashMap<String, Object>())).isEqualTo(none);
    assertThat(new GraphQLRequest(QUERY, java.util.Optional.of("Price"), null).fingerprint()).isEqualTo(none);
  }

  @Test
  void theSameRequestAlwaysGivesTheSameFingerprint() {
    assertThat(fingerprint(Map.of("asset", "BTC"))).isEqualTo(fingerprint(Map.of("asset", "BTC")));
  }

  // ---- what changes it

  @ParameterizedTest
  @ValueSource(strings = {
      "query Price($asset: String!) { ticker(asset: $asset) { last } } ",   // trailing space
      " query Price($asset: String!) { ticker(asset: $asset) { last } }",   // leading space
      "query Price($asset: String!) { ticker(asset: $asset) { last }\n}",   // newline
      "query Price($asset: String!) { ticker(asset: $asset) { Last } }",    // case
      "query Price($asset: String!) { ticker(asset: $asset) { lasT } }",
      "query Price($asset: String!) { ticker(asset: $asset) { las } }"      // one character less
  })
  void oneCharacterOfTheQueryChangesIt(String query) {
    assertThat(RequestFingerprint.of(query, "Price", Map.of("asset", "BTC")))
        .isNotEqualTo(fingerprint(Map.of("asset", "BTC")));
  }

  @Test
  void noOperationAnEmptyOperationNameAndANamedOperationAreThreeDifferentRequests() {
    RequestFingerprint none = RequestFingerprint.of(QUERY, null, Map.of());
    RequestFingerprint empty = RequestFingerprint.of(QUERY, "", Map.of());
    RequestFingerprint price = RequestFingerprint.of(QUERY, "Price", Map.of());
    RequestFingerprint lowerCase = RequestFingerprint.of(QUERY, "price", Map.of());

    assertThat(List.of(none, empty, price, lowerCase)).doesNotHaveDuplicates();
  }

  static Stream<Arguments> differentVariables() {
    return Stream.of(
        different("\"1\" vs 1", ordered("v", "1"), ordered("v", 1)),
        different("true vs \"true\"", ordered("v", true), ordered("v", "true")),
        different("null vs \"null\"", ordered("v", null), ordered("v", "null")),
        different("a null value vs a missing key", ordered("v", null), ordered()),
        different("a null value vs a missing key, nested", ordered("v", ordered("w", null)), ordered("v", ordered())),
        different("false vs 0", ordered("v", false), ordered("v", 0)),
        different("\"\" vs null", ordered("v", ""), ordered("v", null)),
        different("[] vs {}", ordered("v", List.of()), ordered("v", ordered())),
        different("1 vs 2", ordered("v", 1), ordered("v", 2)),
        different("1 vs 1.0000000000000000001", ordered("v", 1), ordered("v", new BigDecimal("1.0000000000000000001"))),
        different("1 vs -1", ordered("v", 1), ordered("v", -1)),
        different("1e22 vs 1e23", ordered("v", new BigDecimal("1e22")), ordered("v", new BigDecimal("1e23"))),
        different("array order", ordered("v", List.of(1, 2)), ordered("v", List.of(2, 1))),
        different("a nested value", ordered("v", ordered("w", 1)), ordered("v", ordered("w", 2))),
        different("a key renamed", ordered("v", 1), ordered("w", 1)),
        different("an extra key", ordered("v", 1), ordered("v", 1, "w", 1)),
        different("\"BTC\" vs \"btc\"", ordered("v", "BTC"), ordered("v", "btc")),
        different("a trailing space in a string", ordered("v", "BTC"), ordered("v", "BTC ")),
        different("a quote vs a backslash", ordered("v", "\""), ordered("v", "\\")),
        different("control characters", ordered("v", "\u0001"), ordered("v", "\u0002")),
        different("a tab vs an escaped-looking tab", ordered("v", "\t"), ordered("v", "\\t")),
        different("a string that looks like two members", ordered("a", "b\",\"c\":\"d"), ordered("a", "b", "c", "d")),
        different("a key that looks like a member", ordered("a\":\"b", "c"), ordered("a", "b\":\"c")),
        different("one emoji vs another", ordered("v", "😀"), ordered("v", "😁")),
        different("é precomposed vs decomposed", ordered("v", "\u00e9"), ordered("v", "e\u0301")));
  }

  private static Arguments different(String name, Map<String, Object> one, Map<String, Object> other) {
    return Arguments.of(Named.of(name, one), other);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentVariables")
  void oneVariableValueOrTypeChangesIt(Map<String, Object> one, Map<String, Object> other) {
    assertThat(fingerprint(one)).isNotEqualTo(fingerprint(other));
  }

  @Test
  void emojiWrittenAsASurrogatePairOrAsACodePointAreTheSameString() {
    String fromCodePoint = new String(Character.toChars(0x1F600));

    assertThat(fingerprint(Map.of("v", "\uD83D\uDE00"))).isEqualTo(fingerprint(Map.of("v", fromCodePoint)));
    assertThat(RequestFingerprint.of("{ a(s: \"😀\") }", null, null))
        .isNotEqualTo(RequestFingerprint.of("{ a(s: \"😁\") }", null, null));
  }

  // ---- the parts cannot run into each other

  @Test
  void textMovedBetweenTheQueryAndTheOperationNameIsADifferentRequest() {
    // plain concatenation with a presence byte would read both as: a 0x01 b 0x01 c {}
    RequestFingerprint one = RequestFingerprint.of("a\u0001b", "c", null);
    RequestFingerprint other = RequestFingerprint.of("a", "b\u0001c", null);

    assertThat(one).isNotEqualTo(other);
    assertThat(RequestFingerprint.of("a", "b", null)).isNotEqualTo(RequestFingerprint.of("ab", null, null));
    assertThat(RequestFingerprint.of("a", "b", null)).isNotEqualTo(RequestFingerprint.of("ab", "", null));
  }

  @Test
  void textMovedBetweenTheOperationNameAndTheVariablesIsADifferentRequest() {
    assertThat(RequestFingerprint.of("q", "op{}", null)).isNotEqualTo(RequestFingerprint.of("q", "op", null));
    assertThat(RequestFingerprint.of("q{\"a\":1}", null, null))
        .isNotEqualTo(RequestFingerprint.of("q", null, Map.of("a", 1)));
  }

  @Test
  void theFingerprintIsSha256OverATaggedLengthPrefixedEncoding() throws Exception {
    // pinned: stored fingerprints of unredeemed keys must still match after an upgrade
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("payql-request-v1".getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(sha256, QUERY);
    sha256.update((byte) 1);
    lengthPrefixed(sha256, "Price");
    lengthPrefixed(sha256, "{\"asset\":\"BTC\",\"limit\":10}");
    String expected = HexFormat.of().formatHex(sha256.digest());

    assertThat(fingerprint(ordered("limit", 10, "asset", "BTC")).hex()).isEqualTo(expected);
  }

  @Test
  void withoutAnOperationNameOnlyTheAbsenceIsEncoded() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("payql-request-v1".getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(sha256, "{ __typename }");
    sha256.update((byte) 0);
    lengthPrefixed(sha256, "{}");

    assertThat(RequestFingerprint.of("{ __typename }", null, null).hex())
        .isEqualTo(HexFormat.of().formatHex(sha256.digest()));
  }

  private static void lengthPrefixed(MessageDigest sha256, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sha256.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
    sha256.update(bytes);
  }

  // ---- refusals and shape

  @Test
  void notANumberAndInfinityAreRefused() {
    assertThatThrownBy(() -> fingerprint(Map.of("v", Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fingerprint(Map.of("v", List.of(Double.POSITIVE_INFINITY))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fingerprint(Map.of("v", Map.of("w", Double.NEGATIVE_INFINITY))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHugeExponentIsFingerprintedWithoutExpandingIt() {
    assertThat(fingerprint(Map.of("v", new BigDecimal("1e999999"))))
        .isNotEqualTo(fingerprint(Map.of("v", new BigDecimal("1e999998"))))
        .isEqualTo(fingerprint(Map.of("v", new BigDecimal("10e999998"))));
  }

  @Test
  void aQueryIsRequired() {
    assertThatThrownBy(() -> RequestFingerprint.of(null, null, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aFingerprintIsSixtyFourLowercaseHex() {
    assertThat(fingerprint(Map.of()).hex()).matches("[0-9a-f]{64}");
    assertThat(fingerprint(Map.of())).hasToString(fingerprint(Map.of()).hex());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f292",
      "66687AADF862BD776C8FC18B8E9F8E20089714856EE233B3902A591D0D5F2925",
      "x6687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
  })
  void aStoredFingerprintOfAnyOtherShapeIsRefused(String hex) {
    assertThatThrownBy(() -> new RequestFingerprint(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lowercase hex");
  }

  @Test
  void aStoredFingerprintReadsBackEqual() {
    RequestFingerprint computed = fingerprint(Map.of("asset", "BTC"));

    assertThat(new RequestFingerprint(computed.hex())).isEqualTo(computed);
  }

  @Test
  void differentQueriesGiveUnrelatedFingerprints() {
    String[] hexes = Stream.of("{ a }", "{ b }", "{ a }\n", "{a}")
        .map(q -> RequestFingerprint.of(q, null, null).hex())
        .toArray(String[]::new);

    assertThat(Arrays.stream(hexes).distinct()).hasSize(4);
  }
}
