package dev.payql.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Buyers working against whatever PayQL process is up: each step buys a new key or moves an open
 * sale on (pay, run, check the replay), and a sale whose request got no answer, or "try again",
 * goes back to the queue. Nothing is ever given up on while the run lasts: every confirmed payment
 * is retried until its 200, which is what "nothing paid is lost" means to a buyer.
 */
final class Workload {

  private final Tally tally = new Tally();
  private final Queue<Sale> sales = new ConcurrentLinkedQueue<>();
  private final DelayQueue<Sale> open = new DelayQueue<>();
  private final Queue<Sale> answeredSinceLastCheck = new ConcurrentLinkedQueue<>();
  private final AtomicInteger numbers = new AtomicInteger();
  private final AtomicLong invoicesUnanswered = new AtomicLong();
  private final AtomicLong invoicesRefused = new AtomicLong();
  private final AtomicLong replaysWithoutHeader = new AtomicLong();
  private volatile Consumer<Sale> onPayConfirmed = sale -> { };

  Tally tally() {
    return tally;
  }

  List<Sale> sales() {
    return List.copyOf(sales);
  }

  long invoicesUnanswered() {
    return invoicesUnanswered.get();
  }

  long invoicesRefused() {
    return invoicesRefused.get();
  }

  long replaysWithoutHeader() {
    return replaysWithoutHeader.get();
  }

  /** Called in the buyer's thread as soon as {@code /dev/pay} confirmed, before anything else happens. */
  void onPayConfirmed(Consumer<Sale> listener) {
    this.onPayConfirmed = listener;
  }

  /**
   * {@code threads} buyers work against {@code shop} until {@code stop} says so; with
   * {@code buyNew} they buy new keys whenever no open sale is due.
   */
  void run(Supplier<Shop> shop, int threads, BooleanSupplier stop, boolean buyNew) {
    ExecutorService buyers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("buyer-", 0).factory());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        running.add(buyers.submit(() -> {
          while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            try {
              step(shop.get(), buyNew);
            } catch (IOException noAnswer) {
              tally.unanswered();
            }
          }
          return null;
        }));
      }
      for (Future<?> buyer : running) {
        buyer.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a buyer failed", e.getCause());
    } finally {
      buyers.shutdownNow();
    }
  }

  /** Every sale answered since the last call is to be presented again: its answer must replay. */
  void checkReplaysOfRecentAnswers() {
    for (Sale sale; (sale = answeredSinceLastCheck.poll()) != null; ) {
      scheduleReplayCheck(sale);
    }
  }

  /** Every answered sale is to be presented again. */
  void checkEveryReplay() {
    answeredSinceLastCheck.clear();
    sales.stream().filter(sale -> sale.stage == Sale.Stage.ANSWERED && sale.answerLostBecause == null)
        .forEach(this::scheduleReplayCheck);
  }

  private void scheduleReplayCheck(Sale sale) {
    if (!sale.replayToCheck && sale.stage == Sale.Stage.ANSWERED && sale.answerLostBecause == null) {
      sale.replayToCheck = true;
      sale.retryAfter(0);
      open.add(sale);
    }
  }

  boolean allDone() {
    return sales.stream().allMatch(Sale::done);
  }

  /**
   * Works the open sales, buying nothing new, until all are done or {@code guard} has passed; what is
   * still open then was never answered.
   */
  void finish(Supplier<Shop> shop, int threads, Duration guard) {
    long deadline = System.nanoTime() + guard.toNanos();
    run(shop, threads, () -> allDone() || System.nanoTime() > deadline, false);
    for (Sale sale : sales) {
      if (sale.stage == Sale.Stage.ISSUED || sale.stage == Sale.Stage.PAID) {
        sale.lost("never answered within " + guard.toSeconds() + " s of retrying; last answer: " + sale.lastOutcome);
      } else if (sale.replayToCheck) {
        sale.replayToCheck = false;
        sale.answerLostBecause = "its answer never replayed within " + guard.toSeconds() + " s; last answer: "
            + sale.lastOutcome;
      }
    }
  }

  /** PayQL cannot be reached any more: what is still open stays unanswered. */
  void giveUp(String reason) {
    for (Sale sale : sales) {
      if (sale.stage == Sale.Stage.ISSUED || sale.stage == Sale.Stage.PAID) {
        sale.lost(reason + "; last answer: " + sale.lastOutcome);
      } else if (sale.replayToCheck) {
        sale.replayToCheck = false;
        sale.answerLostBecause = reason;
      }
    }
  }

  private void step(Shop shop, boolean buyNew) throws IOException {
    Sale sale = open.poll();
    if (sale == null) {
      if (!buyNew) {
        PayqlProcess.sleep(Duration.ofMillis(50));
        return;
      }
      sale = buy(shop);
      if (sale == null) {
        return;
      }
    }
    try {
      advance(shop, sale);
    } catch (IOException noAnswer) {
      sale.lastOutcome = "no answer (" + noAnswer.getClass().getSimpleName() + ")";
      sale.retryAfter(200);
      throw noAnswer;
    } finally {
      if (!sale.done()) {
        open.add(sale);
      }
    }
  }

  private Sale buy(Shop shop) throws IOException {
    Sale sale = new Sale(numbers.incrementAndGet());
    Shop.Answer answer;
    try {
      answer = shop.buy(sale.body);
    } catch (IOException noAnswer) {
      // the buyer never got a key: nothing was promised
      invoicesUnanswered.incrementAndGet();
      throw noAnswer;
    }
    if (answer.status() != 200) {
      invoicesRefused.incrementAndGet();
      PayqlProcess.sleep(Duration.ofMillis(100));
      return null;
    }
    JsonNode invoice = answer.json();
    sale.apikey = invoice.path("apikey").asText();
    sale.paymentRequest = invoice.path("paymentRequest").asText();
    sales.add(sale);
    return sale;
  }

  private void advance(Shop shop, Sale sale) throws IOException {
    while (true) {
      switch (sale.stage) {
        case ISSUED -> {
          if (!pay(shop, sale)) {
            return;
          }
        }
        case PAID -> {
          redeem(shop, sale);
          return;
        }
        case ANSWERED -> {
          if (sale.replayToCheck) {
            checkReplay(shop, sale);
          }
          return;
        }
        case LOST -> {
          return;
        }
      }
    }
  }

  /** {@code /dev/pay}; true once the payment is confirmed. Paying a settled invoice again is harmless. */
  private boolean pay(Shop shop, Sale sale) throws IOException {
    Shop.Answer answer = shop.pay(sale.paymentRequest);
    sale.lastOutcome = describe("/dev/pay", answer);
    if (answer.status() == 200) {
      sale.payConfirmed = true;
      sale.stage = Sale.Stage.PAID;
      onPayConfirmed.accept(sale);
      return true;
    }
    String detail = answer.json().path("detail").asText();
    if (answer.status() == 400 && detail.contains("did not issue")) {
      // PayQL acknowledged this invoice, and now its node does not know it: it can never be paid
      sale.lost("/dev/pay: the node no longer knows an invoice PayQL had issued (" + detail + ")");
      return false;
    }
    // 503, or a refusal that may pass (the node cannot record the payment yet): pay again later
    sale.retryAfter(300);
    return false;
  }

  /** Buys a key and pays it, for a scenario that drives its sales by hand. */
  Sale buyAndPay(Shop shop) throws IOException {
    Sale sale = buy(shop);
    if (sale == null || !pay(shop, sale)) {
      throw new IllegalStateException("PayQL did not sell and settle a key: " + (sale == null ? "refused" : sale.lastOutcome));
    }
    return sale;
  }

  /** Runs a paid sale's request once, judging the answer as the buyers do. */
  Shop.Answer runOnce(Shop shop, Sale sale) throws IOException {
    return redeem(shop, sale);
  }

  private Shop.Answer redeem(Shop shop, Sale sale) throws IOException {
    Shop.Answer answer = shop.run(sale.body, sale.apikey);
    sale.lastOutcome = describe("/graphql", answer);
    switch (answer.status()) {
      case 200 -> {
        JsonNode json = answer.json();
        if (json.path("errors").size() > 0) {
          // a failed execution: the contract lets the buyer run the key again
          sale.failedExecutions++;
          sale.retryAfter(300);
          return answer;
        }
        sale.answer = answer.body();
        sale.execution = json.at("/extensions/faultTestExecution").asText(null);
        sale.stage = Sale.Stage.ANSWERED;
        answeredSinceLastCheck.add(sale);
      }
      case 401, 410 -> sale.lost(answer.status() + " " + answer.code() + " without the buyer ever getting its 200"
          + (sale.killedRightAfterPay ? " (killed right after /dev/pay)" : ""));
      case 402 -> {
        if (answer.code().equals("payment_pending")) {
          // the node confirmed the payment; PayQL may take a moment to see it, never forever
          sale.retryAfter(500);
        } else {
          sale.lost("402 " + answer.code() + " for a paid key" + (sale.killedRightAfterPay ? " (killed right after /dev/pay)" : ""));
        }
      }
      default -> {
        if (answer.status() == 409 && answer.code().equals("redemption_in_progress")) {
          sale.retryAfter(500);
        } else if (answer.status() < 500) {
          sale.lost("unexpected " + answer.status() + " " + answer.code());
        } else {
          sale.retryAfter(500);
        }
      }
    }
    return answer;
  }

  private void checkReplay(Shop shop, Sale sale) throws IOException {
    Shop.Answer answer = shop.run(sale.body, sale.apikey);
    sale.lastOutcome = describe("/graphql (replay)", answer);
    switch (answer.status()) {
      case 200 -> {
        sale.replayToCheck = false;
        if (!Arrays.equals(answer.body(), sale.answer)) {
          // not the stored answer: the request ran again although the buyer had its answer
          sale.otherAnswers++;
        } else if (!answer.header("PayQL-Replay").map("true"::equals).orElse(false)) {
          replaysWithoutHeader.incrementAndGet();
        }
      }
      case 401, 402, 410 -> {
        sale.replayToCheck = false;
        sale.answerLostBecause = answer.status() + " " + answer.code() + " for a key whose 200 the buyer had";
      }
      default -> sale.retryAfter(500);
    }
  }

  private static String describe(String path, Shop.Answer answer) {
    String code = answer.code();
    return answer.status() + (code.isEmpty() ? "" : " " + code) + " on " + path;
  }

  /** How long to give the open sales once faults stop: several leases, for a loaded machine. */
  static Duration finishingGuard() {
    return Duration.ofMinutes(2);
  }
}
