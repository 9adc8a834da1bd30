package dev.payql.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 11's auth-params, as PayQL writes challenges and reads them back. */
class AuthParamsTest {

  @Test
  void parametersAreWrittenQuotedInTheOrderGiven() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("macaroon", "AgEF+/==");
    params.put("invoice", "lnbcrt1");

    assertThat(AuthParams.challenge("L402", params)).isEqualTo("L402 macaroon=\"AgEF+/==\", invoice=\"lnbcrt1\"");
  }

  @Test
  void quotesAndBackslashesAreEscapedAndReadBack() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("realm", "say \"hi\" \\o/");

    String written = AuthParams.challenge("Payment", params);

    assertThat(written).isEqualTo("Payment realm=\"say \\\"hi\\\" \\\\o/\"");
    assertThat(AuthParams.parse(written).orElseThrow()).containsEntry("realm", "say \"hi\" \\o/");
  }

  @Test
  void namesAreCaseInsensitiveValuesMayBeTokensAndWhitespaceIsLoose() {
    Map<String, String> parsed = AuthParams.parse("L402 MACAROON = \"m==\" ,invoice=lnbc1,  version=0").orElseThrow();

    assertThat(parsed).containsExactly(Map.entry("macaroon", "m=="), Map.entry("invoice", "lnbc1"),
        Map.entry("version", "0"));
  }

  @Test
  void unknownParametersAreKeptForWhoeverKnowsThemAndARepeatKeepsTheFirst() {
    Map<String, String> parsed = AuthParams.parse("Payment id=\"a\", future=\"x\", id=\"b\"").orElseThrow();

    assertThat(parsed).containsEntry("id", "a").containsEntry("future", "x").hasSize(2);
  }

  @Test
  void whatIsNoAuthParamListIsEmpty() {
    assertThat(AuthParams.parse("L402 macaroon=\"unclosed")).isEmpty();
    assertThat(AuthParams.parse("L402 =value")).isEmpty();
    assertThat(AuthParams.parse("L402 a=\"1\" b=\"2\"")).isEmpty();
  }

  @Test
  void theSchemeIsReadCaseInsensitivelyAndWhatFollowsIsTrimmed() {
    assertThat(AuthParams.scheme("  LsAt  abc:def ")).isEqualTo("lsat");
    assertThat(AuthParams.afterScheme("  LsAt  abc:def ")).isEqualTo("abc:def");
    assertThat(AuthParams.afterScheme("Bearer")).isEmpty();
  }
}
