package dev.payql.adapter.rates;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the rate is polled and judged.
 *
 * @param sources each source's name and the base URL to reach it at, in the operator's order
 * @param pollInterval time between two polls of one source
 * @param maxAge a quote older than this is stale and not used; with none fresh, no price is given
 * @param timeout the whole of one fetch: connect, headers and body
 * @param maxDeviation a fraction (0.03 is 3 %): quotes further than this from the median are ignored
 * @param minSources how many fresh, agreeing quotes a rate needs
 */
public record RateSettings(Map<String, URI> sources, Duration pollInterval, Duration maxAge, Duration timeout,
    BigDecimal maxDeviation, int minSources) {

  public RateSettings {
    sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxDeviation, "maxDeviation");
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("at least one rate source is needed");
    }
    for (String name : sources.keySet()) {
      if (TickerSource.named(name).isEmpty()) {
        throw new IllegalArgumentException("unknown rate source '" + name + "'; known: " + String.join(", ", names()));
      }
    }
    if (pollInterval.toMillis() < 1 || timeout.toMillis() < 1) {
      throw new IllegalArgumentException("the poll interval and the timeout must be positive");
    }
    if (maxAge.compareTo(pollInterval) <= 0) {
      // otherwise every quote would go stale before the next poll could replace it
      throw new IllegalArgumentException("the staleness limit (" + maxAge + ") must be longer than the poll interval ("
          + pollInterval + ")");
    }
    if (maxDeviation.signum() <= 0) {
      throw new IllegalArgumentException("the allowed deviation must be positive: " + maxDeviation);
    }
    if (minSources < 1 || minSources > sources.size()) {
      throw new IllegalArgumentException("the sources a rate needs must be between 1 and the " + sources.size()
          + " configured, not " + minSources);
    }
  }

  /** The names of the sources PayQL can read. */
  public static List<String> names() {
    return TickerSource.ALL.stream().map(TickerSource::name).toList();
  }

  /** The public base URL of a source, the default of its setting. */
  public static URI publicBaseUrl(String name) {
    return TickerSource.named(name).orElseThrow(() -> new IllegalArgumentException("unknown rate source " + name))
        .publicBaseUrl();
  }
}
