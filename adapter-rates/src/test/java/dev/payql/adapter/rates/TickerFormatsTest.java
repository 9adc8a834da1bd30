package dev.payql.adapter.rates;

import dev.payql.adapter.rates.fake.TickerAnswers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each source's recorded answers, read as that source writes them, and what is refused. */
class TickerFormatsTest {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static TickerReading read(String source, String text) {
    return TickerSource.named(source).orElseThrow().read(json(text));
  }

  @Test
  void krakensLastTradeIsReadUnderItsOwnPairCode() {
    TickerReading reading = read("kraken", TickerAnswers.fixture("kraken.json"));

    assertThat(reading.usdPerBtc()).isEqualByComparingTo("97214.1");
    assertThat(reading.reportedAt()).isEmpty();
  }

  @Test
  void coinbasesSpotAmountIsRead() {
    TickerReading reading = read("coinbase", TickerAnswers.fixture("coinbase.json"));

    assertThat(reading.usdPerBtc()).isEqualByComparingTo("97221.545");
    assertThat(reading.reportedAt()).isEmpty();
  }

  @Test
  void bitstampsLastPriceIsReadWithItsTimestamp() {
    TickerReading reading = read("bitstamp", TickerAnswers.fixture("bitstamp.json"));

    assertThat(reading.usdPerBtc()).isEqualByComparingTo("97208");
    assertThat(reading.reportedAt()).contains(Instant.ofEpochSecond(1733090400L));
  }

  @Test
  void coinGeckosNumericPriceIsReadExactlyWithItsLastUpdate() {
    TickerReading reading = read("coingecko", TickerAnswers.fixture("coingecko.json"));

    // a JSON number, kept as the decimal it was written as (a double would read 97219.67 as 97219.669999…)
    assertThat(reading.usdPerBtc()).isEqualTo(new java.math.BigDecimal("97219.67"));
    assertThat(reading.reportedAt()).contains(Instant.ofEpochSecond(1733090395L));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "kraken    | kraken-unavailable.json     | EService:Unavailable",
      "kraken    | kraken-unknown-pair.json    | EQuery:Unknown asset pair",
      "coinbase  | coinbase-not-found.json     | not_found",
      "coingecko | coingecko-rate-limited.json | 429",
  })
  void errorsTheSourcesReportInTheirOwnFormatAreRefusedWithTheirMessage(String source, String fixture, String message) {
    assertThatThrownBy(() -> read(source, TickerAnswers.fixture(fixture)))
        .isInstanceOf(UnusableTickerException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      // missing or mistyped fields
      "kraken    | {\"error\":[],\"result\":{}}                                            | 0 pairs",
      "kraken    | {\"error\":[],\"result\":{\"XXBTZUSD\":{\"c\":[]}}}                     | last trade",
      "kraken    | {\"error\":[],\"result\":{\"XETHZUSD\":{\"c\":[\"3000.1\",\"1\"]}}}     | XETHZUSD",
      "kraken    | {\"error\":[],\"result\":{\"XXBTZUSD\":{\"c\":[\"1\",\"1\"]},\"XXBTZEUR\":{}}} | 2 pairs",
      "kraken    | []                                                                      | not a JSON object",
      "coinbase  | {\"data\":{\"amount\":\"3000.12\",\"base\":\"ETH\",\"currency\":\"USD\"}} | ETH-USD",
      "coinbase  | {\"data\":{\"amount\":\"97000\",\"base\":\"BTC\",\"currency\":\"EUR\"}}   | BTC-EUR",
      "coinbase  | {\"data\":{\"base\":\"BTC\",\"currency\":\"USD\"}}                        | missing",
      "coinbase  | {\"data\":{\"amount\":\"abc\",\"base\":\"BTC\",\"currency\":\"USD\"}}     | not a number",
      "coinbase  | {\"data\":{\"amount\":true,\"base\":\"BTC\",\"currency\":\"USD\"}}        | not a number",
      "bitstamp  | {\"last\":\"97208\",\"timestamp\":\"yesterday\"}                          | not a time",
      "bitstamp  | {\"high\":\"97599\"}                                                      | missing",
      "coingecko | {\"bitcoin\":{}}                                                          | missing",
      "coingecko | {}                                                                      | bitcoin entry",
      // numbers that cannot be the price of a bitcoin in dollars
      "bitstamp  | {\"last\":\"0\"}                                                          | plausible",
      "bitstamp  | {\"last\":\"-97208\"}                                                     | plausible",
      "coingecko | {\"bitcoin\":{\"usd\":1e400}}                                             | plausible",
      "coingecko | {\"bitcoin\":{\"usd\":0.000001}}                                          | plausible",
      "coinbase  | {\"data\":{\"amount\":\"NaN\",\"base\":\"BTC\",\"currency\":\"USD\"}}     | not a number",
  })
  void answersWithoutATrustworthyPriceAreRefused(String source, String answer, String message) {
    assertThatThrownBy(() -> read(source, answer))
        .isInstanceOf(UnusableTickerException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aReportedTimeIsOptionalWhereTheSourceMayLeaveItOut() {
    assertThat(read("bitstamp", "{\"last\":\"97208.5\"}").reportedAt()).isEqualTo(Optional.empty());
    assertThat(read("coingecko", "{\"bitcoin\":{\"usd\":97000}}").usdPerBtc()).isEqualByComparingTo("97000");
  }

  @Test
  void everySourceHasAUniqueLowerCaseNameAndAPublicHttpsBaseUrl() {
    assertThat(TickerSource.ALL).extracting(TickerSource::name)
        .containsExactly("kraken", "coinbase", "bitstamp", "coingecko")
        .allMatch(name -> name.equals(name.toLowerCase(java.util.Locale.ROOT)));
    assertThat(TickerSource.ALL).allMatch(source -> source.publicBaseUrl().getScheme().equals("https"));
    assertThat(TickerSource.named(" Kraken ")).containsInstanceOf(KrakenTicker.class);
    assertThat(TickerSource.named("binance")).isEmpty();
  }

  @Test
  void theLocalStandInsAreAskedWhereTheRealSourcesAre() {
    assertThat(TickerSource.ALL).allSatisfy(source -> assertThat(TickerAnswers.path(source.name())).isEqualTo(source.path()));
  }
}
