package dev.payql.faults;

import dev.payql.domain.request.GraphQLRequest;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * What the buyer knows about one purchase: its request, its key once {@code /api/invoice} answered,
 * whether {@code /dev/pay} confirmed the payment, and the answer once {@code /graphql} gave its 200.
 * One worker at a time works a sale (it travels through a queue); results are read once the
 * workers are done.
 */
final class Sale implements Delayed {

  enum Stage {
    /** {@code /api/invoice} acknowledged: the buyer holds a key and an invoice. */
    ISSUED,
    /** {@code /dev/pay} was sent, and confirmed if {@link #payConfirmed}. */
    PAID,
    /** {@code /graphql} answered 200 with data: {@link #answer} holds it. */
    ANSWERED,
    /** The purchase can no longer be answered: {@link #lostBecause} says how that showed. */
    LOST
  }

  final int number;
  final String body;
  final String fingerprint;
  volatile Stage stage = Stage.ISSUED;
  volatile String apikey;
  volatile String paymentRequest;
  /** {@code /dev/pay} answered 200 (the node said it settled the invoice). */
  volatile boolean payConfirmed;
  /** The process was killed right after this sale's {@code /dev/pay} answered. */
  volatile boolean killedRightAfterPay;
  /** The 200's body, and the execution it names ({@code extensions.faultTestExecution}). */
  volatile byte[] answer;
  volatile String execution;
  /** The answered key is to be presented again: it must replay its answer byte for byte. */
  volatile boolean replayToCheck;
  volatile String lostBecause;
  /** The buyer had its 200, and presenting the key again showed that PayQL no longer has the answer. */
  volatile String answerLostBecause;
  volatile String lastOutcome = "not sent";
  /** Answers with {@code errors} (a failed execution, which the contract lets the buyer retry). */
  volatile int failedExecutions;
  /** Different answers the buyer was given for this key: each one beyond the first ran again. */
  volatile int otherAnswers;
  private volatile long notBeforeNanos;

  Sale(int number) {
    this.number = number;
    // one comment line makes every sale's request, and so its fingerprint, its own
    String query = "# fault-test sale " + number + "\n{ exchanges { exchangeSymbol } }";
    this.body = Shop.JSON.createObjectNode().put("query", query).toString();
    this.fingerprint = GraphQLRequest.of(query).fingerprint().hex();
  }

  boolean done() {
    return stage == Stage.LOST || (stage == Stage.ANSWERED && !replayToCheck);
  }

  void lost(String because) {
    stage = Stage.LOST;
    lostBecause = because;
  }

  void retryAfter(long millis) {
    notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Override
  public long getDelay(TimeUnit unit) {
    return unit.convert(notBeforeNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  @Override
  public int compareTo(Delayed other) {
    return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
  }
}
