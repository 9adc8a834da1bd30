package dev.payql.app.metrics;

import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.query.ForwardedHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Counts what buyers got from the use cases that do not show in the store's transitions:
 * {@code payql_redemptions_total{outcome}} (executed, failed, replayed: the replay hits, free,
 * payment_required, or the refusal's problem code such as key_spent) and
 * {@code payql_refund_requests_total{outcome}} (refunded, pending, or the refusal's reason).
 */
public final class MeteredUseCases {

  private MeteredUseCases() {}

  public static RedeemUseCase redemptions(RedeemUseCase redeem, MeterRegistry registry) {
    Objects.requireNonNull(redeem, "redeem");
    Objects.requireNonNull(registry, "registry");
    return new RedeemUseCase() {
      @Override
      public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request) {
        return counted(redeem.redeem(presentedKey, request), false);
      }

      @Override
      public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request) {
        return counted(redeem.redeem(proof, request), false);
      }

      @Override
      public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request, ForwardedHeaders headers) {
        return counted(redeem.redeem(presentedKey, request, headers), false);
      }

      @Override
      public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request, ForwardedHeaders headers) {
        return counted(redeem.redeem(proof, request, headers), false);
      }

      @Override
      public Set<String> forwardedHeaderNames() {
        return redeem.forwardedHeaderNames();
      }

      @Override
      public RedemptionOutcome runWithoutKey(GraphQLRequest request) {
        return counted(redeem.runWithoutKey(request), true);
      }

      private RedemptionOutcome counted(RedemptionOutcome outcome, boolean withoutKey) {
        String name = switch (outcome) {
          case Executed executed when withoutKey -> "free";
          case Executed executed -> executed.failed() ? "failed" : "executed";
          case Replayed replayed -> "replayed";
          case PaymentRequired required -> "payment_required";
          case Refused refused -> code(refused.reason());
        };
        count(registry, "payql.redemptions", "Redemptions of keys, and requests without one, by outcome", name);
        return outcome;
      }
    };
  }

  public static RefundUseCase refunds(RefundUseCase refund, MeterRegistry registry) {
    Objects.requireNonNull(refund, "refund");
    Objects.requireNonNull(registry, "registry");
    return (presentedKey, refundPaymentRequest) -> {
      RefundUseCase.RefundOutcome outcome = refund.refund(presentedKey, refundPaymentRequest);
      String name = switch (outcome) {
        case RefundUseCase.Refunded refunded -> "refunded";
        case RefundUseCase.RefundPending pending -> "pending";
        case RefundUseCase.RefundRefused refused -> code(refused.reason());
      };
      count(registry, "payql.refund.requests", "Refund requests, by outcome", name);
      return outcome;
    };
  }

  private static String code(Enum<?> reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  private static void count(MeterRegistry registry, String name, String description, String outcome) {
    Counter.builder(name).description(description).tag("outcome", outcome).register(registry).increment();
  }
}
