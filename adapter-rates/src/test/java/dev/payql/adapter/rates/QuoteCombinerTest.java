package dev.payql.adapter.rates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.money.BtcUsdRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuoteCombinerTest {

  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
  private final QuoteCombiner combiner = new QuoteCombiner(new BigDecimal("0.03"), 2);

  private static SourceQuote quote(String source, String usd, int secondsAgo) {
    return new SourceQuote(source, new BigDecimal(usd), NOW.minusSeconds(secondsAgo));
  }

  private BtcUsdRate rateOf(List<SourceQuote> quotes) {
    return ((QuoteCombiner.Combined) combiner.combine(quotes)).rate();
  }

  @Test
  void anOddNumberOfAgreeingQuotesGivesTheMiddleOne() {
    BtcUsdRate rate = rateOf(List.of(quote("kraken", "97214.1", 5), quote("coinbase", "97221.545", 3),
        quote("bitstamp", "97208", 40)));

    assertThat(rate.usdPerBtc()).isEqualByComparingTo("97214.1");
    assertThat(rate.sources()).containsExactly("kraken", "coinbase", "bitstamp");
    // dated by the oldest quote used, never fresher than it is
    assertThat(rate.observedAt()).isEqualTo(NOW.minusSeconds(40));
  }

  @Test
  void anEvenNumberGivesTheMeanOfTheTwoMiddleOnes() {
    BtcUsdRate rate = rateOf(List.of(quote("kraken", "97214.1", 5), quote("coinbase", "97221.5", 3),
        quote("bitstamp", "97208", 4), quote("coingecko", "97219.9", 60)));

    assertThat(rate.usdPerBtc()).isEqualTo(new BigDecimal("97217"));
  }

  @Test
  void aSourceFarFromTheOthersDoesNotMoveThePrice() {
    List<SourceQuote> honest = List.of(quote("kraken", "97214.1", 5), quote("coinbase", "97221.5", 3));
    SourceQuote drifting = quote("bitstamp", "194416", 4); // a stuck feed, or a price in the wrong unit

    QuoteCombiner.Combined combined = (QuoteCombiner.Combined) combiner.combine(
        List.of(honest.get(0), drifting, honest.get(1)));

    assertThat(combined.rate().usdPerBtc()).isEqualByComparingTo(rateOf(honest).usdPerBtc()).isEqualByComparingTo("97217.8");
    assertThat(combined.rate().sources()).containsExactly("kraken", "coinbase");
    assertThat(combined.outliers()).containsExactly(drifting);
  }

  @Test
  void aSourceThatCollapsesIsIgnoredToo() {
    BtcUsdRate rate = rateOf(List.of(quote("kraken", "97214.1", 5), quote("coinbase", "9721.4", 3),
        quote("bitstamp", "97208", 4), quote("coingecko", "97219.9", 6)));

    assertThat(rate.usdPerBtc()).isEqualByComparingTo("97214.1");
    assertThat(rate.sources()).containsExactly("kraken", "bitstamp", "coingecko");
  }

  @Test
  void twoQuotesThatDisagreeGiveNoPriceRatherThanTheirAverage() {
    QuoteCombiner.Outcome outcome = combiner.combine(List.of(quote("kraken", "97214.1", 5), quote("coinbase", "120000", 3)));

    assertThat(outcome).isInstanceOfSatisfying(QuoteCombiner.TooFew.class, tooFew ->
        assertThat(tooFew.reason()).contains("disagree").contains("kraken 97214.1").contains("coinbase 120000"));
  }

  @Test
  void fewerFreshQuotesThanRequiredGiveNoPrice() {
    assertThat(combiner.combine(List.of(quote("kraken", "97214.1", 5)))).isInstanceOf(QuoteCombiner.TooFew.class);
    assertThat(combiner.combine(List.of())).isInstanceOf(QuoteCombiner.TooFew.class);
  }

  @Test
  void withOneSourceRequiredALoneQuoteIsThePrice() {
    QuoteCombiner lenient = new QuoteCombiner(new BigDecimal("0.03"), 1);

    BtcUsdRate rate = ((QuoteCombiner.Combined) lenient.combine(List.of(quote("bitstamp", "97208", 4)))).rate();

    assertThat(rate.usdPerBtc()).isEqualByComparingTo("97208");
    assertThat(rate.sources()).containsExactly("bitstamp");
  }

  @Test
  void quotesJustInsideTheDeviationCountAndJustOutsideDoNot() {
    // median 100,000; 3 % is 3,000
    BtcUsdRate inside = rateOf(List.of(quote("kraken", "100000", 1), quote("coinbase", "103000", 1),
        quote("bitstamp", "97000", 1)));
    assertThat(inside.sources()).hasSize(3);

    BtcUsdRate outside = rateOf(List.of(quote("kraken", "100000", 1), quote("coinbase", "103000.01", 1),
        quote("bitstamp", "99000", 1)));
    assertThat(outside.sources()).containsExactly("kraken", "bitstamp");
  }
}
