package dev.payql.service;

import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.RedemptionPolicy;
import dev.payql.domain.redemption.RedemptionDecision;
import dev.payql.domain.redemption.RedemptionRules;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.domain.request.RequestFingerprint;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.ForwardedHeaders;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import dev.payql.ports.out.store.PurchaseStore;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a paid request once. The rules decide; the store's compare-and-set makes the decision
 * stick: of many concurrent redemptions of one key exactly one claims it and executes.
 */
public final class RedeemService implements RedeemUseCase {

  private static final System.Logger LOG = System.getLogger(RedeemService.class.getName());

  /** The GraphQL answer of an execution the engine broke off with an exception. */
  static final byte[] ENGINE_FAILURE = ("{\"errors\":[{\"message\":\"the request failed inside PayQL; "
      + "it can be sent again with the same key, or refunded\"}],\"data\":null}")
      .getBytes(StandardCharsets.UTF_8);

  /** The same for a request sold at most once: it may have been sent, so it is only refunded (ADR 0033). */
  static final byte[] ENGINE_FAILURE_AT_MOST_ONCE = ("{\"errors\":[{\"message\":\"the request failed inside PayQL "
      + "after it may have been sent; it is sold at most once, so it is not sent again: it can be refunded\"}],"
      + "\"data\":null}").getBytes(StandardCharsets.UTF_8);

  /** A claim lost to a concurrent writer is decided again with fresh state, a bounded number of times. */
  private static final int MAX_ATTEMPTS = 8;

  private final PurchaseStore store;
  private final QueryEngine engine;
  private final PaymentRecorder payments;
  private final RedemptionPolicy policy;
  private final Clock clock;
  private final ExecutionTimes executionTimes = new ExecutionTimes();

  public RedeemService(PurchaseStore store, QueryEngine engine, PaymentRecorder payments, RedemptionPolicy policy,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.payments = Objects.requireNonNull(payments, "payments");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request) {
    return redeem(presentedKey, request, ForwardedHeaders.none());
  }

  @Override
  public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request) {
    return redeem(proof, request, ForwardedHeaders.none());
  }

  @Override
  public Set<String> forwardedHeaderNames() {
    return engine.forwardedHeaderNames();
  }

  @Override
  public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request, ForwardedHeaders headers) {
    if (!OneTimeKey.isWellFormed(presentedKey)) {
      return Refused.because(RefusalReason.INVALID_API_KEY);
    }
    Optional<Purchase> found = store.findByKeyDigest(OneTimeKey.parse(presentedKey).digest());
    if (found.isEmpty()) {
      return Refused.because(RefusalReason.UNKNOWN_API_KEY);
    }
    return redeem(found.get(), request, headers);
  }

  @Override
  public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request, ForwardedHeaders headers) {
    // a preimage names its purchase by its own hash, so a wrong preimage finds none: nothing is
    // compared against a secret here, and nothing about other purchases is revealed
    Optional<Purchase> found = store.findByPaymentHash(proof.paymentHash());
    if (found.isEmpty()) {
      return Refused.because(RefusalReason.UNKNOWN_PAYMENT);
    }
    return redeem(found.get(), request, headers);
  }

  /** One redemption for every way of naming the purchase: the rules decide, the store's CAS makes it stick. */
  private RedemptionOutcome redeem(Purchase found, GraphQLRequest request, ForwardedHeaders headers) {
    RequestFingerprint fingerprint = request.fingerprint();
    Purchase purchase = found;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // the settlement stream may lag or have been down: the node is asked before saying "unpaid"
      purchase = payments.refresh(purchase);
      Instant now = clock.instant();
      switch (RedemptionRules.decide(purchase, fingerprint, now)) {
        case RedemptionDecision.Refuse refuse -> {
          return refused(purchase, refuse, now);
        }
        case RedemptionDecision.Replay replay -> {
          return new Replayed(replay.response().response());
        }
        case RedemptionDecision.Execute execute -> {
          Purchase claimed = purchase.claim(now, policy.executionLease());
          if (store.compareAndSet(claimed)) {
            return execute(claimed, request, headers);
          }
          purchase = store.findByKeyDigest(purchase.keyDigest()).orElseThrow();
        }
      }
    }
    return new Refused(RefusalReason.REDEMPTION_IN_PROGRESS, Optional.empty(), Optional.of(Duration.ofSeconds(1)));
  }

  @Override
  public RedemptionOutcome runWithoutKey(GraphQLRequest request) {
    if (engine.inspect(request) instanceof Inspection.Accepted accepted && accepted.introspectionOnly()) {
      try {
        ExecutionOutcome outcome = engine.execute(request);
        return new Executed(outcome.response(), outcome.isError());
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "the query engine threw instead of answering an introspection request", e);
        return new Executed(ENGINE_FAILURE, true);
      }
    }
    return new PaymentRequired();
  }

  private RedemptionOutcome execute(Purchase claimed, GraphQLRequest request, ForwardedHeaders headers) {
    ExecutionOutcome outcome;
    Instant started = clock.instant();
    try {
      outcome = engine.execute(request, headers);
    } catch (RuntimeException e) {
      // the engine promised an outcome and broke it: for the buyer this is an interrupted execution
      // (200 with errors; a query retryable or refundable, a mutation, which may have been sent,
      // refundable only), for the operator a bug to log
      LOG.log(Level.ERROR, "the query engine threw instead of answering purchase "
          + claimed.keyDigest().shortForm(), e);
      outcome = new ExecutionOutcome.OutcomeUnknown(claimed.atMostOnce() ? ENGINE_FAILURE_AT_MOST_ONCE : ENGINE_FAILURE);
    }
    Instant now = clock.instant();
    executionTimes.record(Duration.between(started, now));
    Purchase next = switch (outcome) {
      case ExecutionOutcome.Completed completed -> claimed.complete(completed.body(), now, policy.replayWindow());
      case ExecutionOutcome.Failed failed -> claimed.fail();
      case ExecutionOutcome.OutcomeUnknown unknown -> claimed.interrupt();
    };
    if (!saveOutcome(next)) {
      // this executor's lease lapsed and another took the key over: that one's answer is the one
      // that counts, so this answer is withheld and the client sent to fetch it (a replay)
      return new Refused(RefusalReason.REDEMPTION_IN_PROGRESS, Optional.empty(), Optional.of(Duration.ofSeconds(1)));
    }
    return new Executed(outcome.response(), outcome.isError());
  }

  private boolean saveOutcome(Purchase next) {
    if (store.compareAndSet(next)) {
      return true;
    }
    // only possible when the lease lapsed mid-execution and another executor claimed the key:
    // the lease must be longer than the execution timeout (see RedemptionPolicy)
    LOG.log(Level.WARNING, "purchase {0} was taken over while executing; its lease is shorter than the execution",
        next.keyDigest().shortForm());
    return false;
  }

  private Refused refused(Purchase purchase, RedemptionDecision.Refuse refuse, Instant now) {
    if (purchase.isAbandoned(now)) {
      // the rules refused a second execution of a request sold at most once whose executor died;
      // recording it lets the status, the refund and the sweeper see it (a lost race changes nothing)
      store.compareAndSet(purchase.abandon(now));
    }
    Optional<dev.payql.domain.lightning.Bolt11> payable = refuse.reason() == RefusalReason.PAYMENT_PENDING
        ? Optional.of(purchase.paymentRequest())
        : Optional.empty();
    Optional<Duration> retryAfter = refuse.retryAfter();
    if (refuse.reason() == RefusalReason.REDEMPTION_IN_PROGRESS && purchase.leaseExpiresAt().isPresent()) {
      // the rules can only say when the lease lapses; how long executions take is known here
      Instant leaseEnd = purchase.leaseExpiresAt().get();
      retryAfter = Optional.of(executionTimes.retryAfter(leaseEnd.minus(policy.executionLease()), now, leaseEnd));
    }
    return new Refused(refuse.reason(), payable, retryAfter);
  }
}
