package dev.payql.adapter.rates;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's poll and what it left: the last good quote (kept through failures until it is
 * stale: that is the cache) and the last problem. A streak of failures is logged once, at its start.
 */
final class SourcePoller {

  private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

  private final TickerSource source;
  private final URI baseUrl;
  private volatile SourceQuote lastQuote;
  private volatile String lastProblem;
  private volatile boolean outlying;

  SourcePoller(TickerSource source, URI baseUrl) {
    this.source = source;
    this.baseUrl = baseUrl;
  }

  String name() {
    return source.name();
  }

  /** Never throws: a scheduled task that throws is never run again. */
  void poll(TickerClient client, Clock clock) {
    try {
      TickerReading reading = client.fetch(source, baseUrl);
      lastQuote = SourceQuote.of(source.name(), reading, clock.instant());
      if (lastProblem != null) {
        LOG.info("rate source {} answers again: {} USD/BTC", source.name(), reading.usdPerBtc().toPlainString());
      }
      lastProblem = null;
    } catch (UnusableTickerException e) {
      failed(e.getMessage());
    } catch (RuntimeException e) {
      failed("unexpected " + e);
    }
  }

  private void failed(String problem) {
    if (lastProblem == null) {
      LOG.warn("rate source {} ({}) failed: {}; its last quote is used until it is stale", source.name(), baseUrl.getHost(),
          problem);
    } else {
      LOG.debug("rate source {} still failing: {}", source.name(), problem);
    }
    lastProblem = problem;
  }

  Optional<SourceQuote> lastQuote() {
    return Optional.ofNullable(lastQuote);
  }

  /** Logs once when this source's fresh quote starts or stops being ignored as too far from the others. */
  void judged(boolean isOutlier, String context) {
    if (isOutlier && !outlying) {
      LOG.warn("rate source {} is ignored: its quote is too far from the others ({})", source.name(), context);
    } else if (!isOutlier && outlying) {
      LOG.info("rate source {} agrees with the others again", source.name());
    }
    outlying = isOutlier;
  }

  /** For the operator: what this source last gave and how it is doing. */
  String status(Instant now) {
    SourceQuote quote = lastQuote;
    String last = quote == null ? "no quote yet"
        : "last quote " + quote.usdPerBtc().toPlainString() + " from " + age(Duration.between(quote.observedAt(), now)) + " ago";
    String problem = lastProblem;
    return source.name() + ": " + last + (problem == null ? "" : ", last poll failed: " + problem);
  }

  private static String age(Duration age) {
    return age.toSeconds() < 120 ? age.toSeconds() + " s" : age.toMinutes() + " min";
  }
}
