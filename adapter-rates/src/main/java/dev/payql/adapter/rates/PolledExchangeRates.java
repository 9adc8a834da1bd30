package dev.payql.adapter.rates;

import dev.payql.domain.money.BtcUsdRate;
import dev.payql.ports.out.rates.ExchangeRates;
import dev.payql.ports.out.rates.RateUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BTC/USD rate from public tickers, polled in the background: each source on its own thread
 * and schedule (a slow source never delays the others), its last good quote kept until it is older
 * than the staleness limit, the fresh quotes combined by {@link QuoteCombiner} on every call.
 * Without enough fresh, agreeing quotes {@link #btcUsd()} refuses, and invoicing answers 503
 * {@code rate_unavailable} rather than sell at a rate nobody vouches for.
 */
public final class PolledExchangeRates implements ExchangeRates, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolledExchangeRates.class);

  private final RateSettings settings;
  private final Clock clock;
  private final List<SourcePoller> pollers;
  private final QuoteCombiner combiner;
  private final TickerClient client;
  private final ScheduledExecutorService scheduler;
  /** Whether the last answer was a refusal: logged once when it starts and once when it ends. */
  private final AtomicBoolean refusing = new AtomicBoolean();

  PolledExchangeRates(RateSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.pollers = settings.sources().entrySet().stream()
        .map(entry -> new SourcePoller(TickerSource.named(entry.getKey()).orElseThrow(), entry.getValue()))
        .toList();
    this.combiner = new QuoteCombiner(settings.maxDeviation(), settings.minSources());
    this.client = new TickerClient(settings.timeout());
    AtomicInteger threads = new AtomicInteger();
    this.scheduler = Executors.newScheduledThreadPool(pollers.size(), runnable ->
        Thread.ofPlatform().daemon().name("payql-rates-" + threads.incrementAndGet()).unstarted(runnable));
  }

  /**
   * Polls every source once (in parallel, each within the timeout), so PayQL starts with a rate
   * when the sources answer, then keeps polling in the background until closed.
   */
  public static PolledExchangeRates start(RateSettings settings, Clock clock) {
    PolledExchangeRates rates = new PolledExchangeRates(settings, clock);
    rates.pollAll();
    rates.schedule();
    try {
      BtcUsdRate rate = rates.btcUsd();
      LOG.info("BTC/USD {} from {}; polled every {} s", rate.usdPerBtc().toPlainString(), String.join(", ", rate.sources()),
          settings.pollInterval().toSeconds());
    } catch (RateUnavailableException e) {
      LOG.warn("no BTC/USD rate yet, invoices answer 503 rate_unavailable until there is one: {}", e.getMessage());
    }
    return rates;
  }

  /** One poll of every source, in parallel; returns when all have answered or timed out. */
  void pollAll() {
    CompletableFuture.allOf(pollers.stream()
        .map(poller -> CompletableFuture.runAsync(() -> poller.poll(client, clock), scheduler))
        .toArray(CompletableFuture[]::new)).join();
  }

  private void schedule() {
    long every = settings.pollInterval().toMillis();
    for (SourcePoller poller : pollers) {
      scheduler.scheduleWithFixedDelay(() -> poller.poll(client, clock), every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public BtcUsdRate btcUsd() {
    Instant now = clock.instant();
    Instant oldestFresh = now.minus(settings.maxAge());
    List<SourceQuote> fresh = pollers.stream()
        .map(SourcePoller::lastQuote)
        .flatMap(Optional::stream)
        .filter(quote -> !quote.observedAt().isBefore(oldestFresh))
        .toList();
    return switch (combiner.combine(fresh)) {
      case QuoteCombiner.Combined combined -> {
        for (SourcePoller poller : pollers) {
          boolean outlier = combined.outliers().stream().anyMatch(quote -> quote.source().equals(poller.name()));
          poller.judged(outlier, "rate " + combined.rate().usdPerBtc().toPlainString() + " from "
              + String.join(", ", combined.rate().sources()));
        }
        if (refusing.compareAndSet(true, false)) {
          LOG.info("BTC/USD rate available again: {} from {}", combined.rate().usdPerBtc().toPlainString(),
              String.join(", ", combined.rate().sources()));
        }
        yield combined.rate();
      }
      case QuoteCombiner.TooFew tooFew -> {
        RateUnavailableException refusal = new RateUnavailableException("no BTC/USD rate to price at: "
            + tooFew.reason() + " (staleness limit " + settings.maxAge().toSeconds() + " s; "
            + pollers.stream().map(poller -> poller.status(now)).collect(Collectors.joining("; ")) + ")",
            settings.pollInterval());
        if (refusing.compareAndSet(false, true)) {
          LOG.warn("invoices answer 503 rate_unavailable until a rate is known again: {}", refusal.getMessage());
        }
        throw refusal;
      }
    };
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
