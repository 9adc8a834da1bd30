package dev.payql.adapter.rates;

import dev.payql.domain.money.BtcUsdRate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Turns the fresh quotes into one rate: the median of those that agree with the median of all
 * within {@code maxDeviation} (a fraction: 0.03 is 3 %), if at least {@code minSources} agree.
 *
 * <p>The median alone already ignores one wild quote among three, but not one of two; dropping
 * the quotes far from the median first means a source that drifts (a stuck feed, a wrong pair, a
 * flash crash on one exchange) never moves the price, and two sources that disagree with each
 * other give no price at all rather than their average. The rate is dated by the oldest quote it
 * uses, so its age is never understated.
 */
final class QuoteCombiner {

  private final BigDecimal maxDeviation;
  private final int minSources;

  QuoteCombiner(BigDecimal maxDeviation, int minSources) {
    this.maxDeviation = Objects.requireNonNull(maxDeviation, "maxDeviation");
    if (maxDeviation.signum() <= 0) {
      throw new IllegalArgumentException("the allowed deviation must be positive: " + maxDeviation);
    }
    if (minSources < 1) {
      throw new IllegalArgumentException("at least one source must agree: " + minSources);
    }
    this.minSources = minSources;
  }

  sealed interface Outcome {}

  record Combined(BtcUsdRate rate, List<SourceQuote> outliers) implements Outcome {}

  record TooFew(String reason) implements Outcome {}

  Outcome combine(List<SourceQuote> fresh) {
    if (fresh.size() < minSources) {
      return new TooFew(fresh.size() + " fresh quote(s), " + minSources + " needed");
    }
    BigDecimal median = median(fresh);
    BigDecimal tolerance = median.multiply(maxDeviation);
    List<SourceQuote> agreeing = fresh.stream()
        .filter(quote -> quote.usdPerBtc().subtract(median).abs().compareTo(tolerance) <= 0)
        .toList();
    List<SourceQuote> outliers = fresh.stream().filter(quote -> !agreeing.contains(quote)).toList();
    if (agreeing.size() < minSources) {
      return new TooFew("the fresh quotes disagree by more than " + maxDeviation.movePointRight(2).stripTrailingZeros()
          .toPlainString() + " % around " + median.toPlainString() + " (" + describe(fresh) + "); "
          + minSources + " agreeing needed");
    }
    Instant oldest = agreeing.stream().map(SourceQuote::observedAt).min(Comparator.naturalOrder()).orElseThrow();
    return new Combined(new BtcUsdRate(median(agreeing), oldest, agreeing.stream().map(SourceQuote::source).toList()),
        outliers);
  }

  private static BigDecimal median(List<SourceQuote> quotes) {
    List<BigDecimal> sorted = quotes.stream().map(SourceQuote::usdPerBtc).sorted().toList();
    int middle = sorted.size() / 2;
    if (sorted.size() % 2 == 1) {
      return sorted.get(middle);
    }
    // halving a finite decimal is exact; the context only bounds the digits
    BigDecimal half = sorted.get(middle - 1).add(sorted.get(middle)).divide(BigDecimal.TWO, MathContext.DECIMAL64)
        .stripTrailingZeros();
    return half.scale() < 0 ? half.setScale(0) : half;
  }

  static String describe(List<SourceQuote> quotes) {
    return String.join(", ", quotes.stream().map(quote -> quote.source() + " " + quote.usdPerBtc().toPlainString())
        .toList());
  }
}
