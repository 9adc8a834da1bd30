package dev.payql.ports.in;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.domain.request.ResponseBody;
import dev.payql.ports.out.query.ForwardedHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A buyer runs the request they paid for, with its key or with a proof of its payment. */
public interface RedeemUseCase {

  RedemptionOutcome redeem(String presentedKey, GraphQLRequest request);

  /**
   * The same redemption, for a client of a standard payment scheme that names its purchase by what
   * it paid rather than by a one-time key. The purchase then meets exactly the rules a key's does.
   * A proof that matches no purchase is refused with {@link RefusalReason#UNKNOWN_PAYMENT}.
   */
  RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request);

  /**
   * As {@link #redeem(String, GraphQLRequest)}, with the buyer's headers the API being sold asked
   * for ({@link #forwardedHeaderNames}), which travel with the execution and nothing else. No
   * default: a decorator that forgot it would drop them silently.
   */
  RedemptionOutcome redeem(String presentedKey, GraphQLRequest request, ForwardedHeaders headers);

  /** As {@link #redeem(PaymentProof, GraphQLRequest)}, with the buyer's headers. */
  RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request, ForwardedHeaders headers);

  /** Lower-case names of the buyer's headers the API being sold wants with a paid request. */
  Set<String> forwardedHeaderNames();

  /** A request without a key runs only if it is free (introspection). */
  RedemptionOutcome runWithoutKey(GraphQLRequest request);

  sealed interface RedemptionOutcome {}

  /** The request ran now; {@code failed} means the key may be retried or refunded. */
  record Executed(ResponseBody response, boolean failed) implements RedemptionOutcome {
    public Executed {
      Objects.requireNonNull(response, "response");
    }

    public Executed(byte[] body, boolean failed) {
      this(ResponseBody.of(body), failed);
    }

    /** A copy of the response's bytes. */
    public byte[] body() {
      return response.bytes();
    }
  }

  /** The request ran before with this key; here is that answer again, byte for byte. */
  record Replayed(ResponseBody response) implements RedemptionOutcome {
    public Replayed {
      Objects.requireNonNull(response, "response");
    }

    public Replayed(byte[] body) {
      this(ResponseBody.of(body));
    }

    /** A copy of the response's bytes. */
    public byte[] body() {
      return response.bytes();
    }
  }

  /** The request did not run. The payment request is given back while it can still be paid. */
  record Refused(RefusalReason reason, Optional<Bolt11> paymentRequest, Optional<Duration> retryAfter)
      implements RedemptionOutcome {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(paymentRequest, "paymentRequest");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static Refused because(RefusalReason reason) {
      return new Refused(reason, Optional.empty(), Optional.empty());
    }
  }

  /** No key and the request is not free: the client should buy it first. */
  record PaymentRequired() implements RedemptionOutcome {}
}
