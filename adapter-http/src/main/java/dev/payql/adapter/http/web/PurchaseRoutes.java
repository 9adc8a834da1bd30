package dev.payql.adapter.http.web;

import dev.payql.domain.redemption.RefusalReason;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.InvoiceStatusUseCase;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.query.ForwardedHeaders;
import dev.payql.ports.out.query.Inspection;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buyer's routes (DESIGN.md 1.1 to 1.6): each parses, calls one use case and maps its outcome.
 * Exceptions (unreachable node or store, oversized bodies, bad JSON) are mapped by the handlers
 * {@link HttpApi} registers.
 */
final class PurchaseRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PurchaseRoutes.class);

  static final String REPLAY_HEADER = "PayQL-Replay";
  /** Long polls hold a (virtual) thread and a connection; the use case says how long at most. */
  static final long MAX_WAIT_SECONDS = InvoiceStatusUseCase.MAX_WAIT.toSeconds();

  private final IssueInvoiceUseCase issueInvoice;
  private final RedeemUseCase redeem;
  private final InvoiceStatusUseCase invoiceStatus;
  private final RefundUseCase refund;
  private final RequestBodies bodies;
  private final FreeWorkQuotas quotas;
  private final PaymentSchemes schemes;
  private final Supplier<String> network;

  /**
   * @param network the node's network ({@code mainnet}, {@code regtest}, …), which the challenges name
   */
  PurchaseRoutes(IssueInvoiceUseCase issueInvoice, RedeemUseCase redeem, InvoiceStatusUseCase invoiceStatus,
      RefundUseCase refund, RequestBodies bodies, FreeWorkQuotas quotas,
      PaymentSchemes schemes, Supplier<String> network) {
    this.issueInvoice = issueInvoice;
    this.redeem = redeem;
    this.invoiceStatus = invoiceStatus;
    this.refund = refund;
    this.bodies = bodies;
    this.quotas = quotas;
    this.schemes = schemes;
    this.network = network;
  }

  /** {@code POST /api/invoice} (DESIGN.md 1.3). */
  void invoice(Context ctx) {
    quotas.invoice(quotas.client(ctx));
    GraphQLRequest request = JsonBodies.graphQLRequest(bodies.json(ctx));
    IssueInvoiceUseCase.Issued issued = issued(issueInvoice.issue(request));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("price", issued.price().usd());
    body.put("value", issued.price().msat().value());
    body.put("paymentRequest", issued.paymentRequest().text());
    body.put("apikey", issued.key().reveal());
    body.put("paymentHash", issued.paymentHash().hex());
    body.put("expiresAt", issued.expiresAt().toString());
    body.put("cost", issued.weight());
    // the rate price and value were set at, so a buyer can check that value × rate = price
    Map<String, Object> rate = new LinkedHashMap<>();
    rate.put("btcUsd", issued.rate().usdPerBtc());
    rate.put("sources", issued.rate().sources());
    rate.put("at", issued.rate().observedAt().toString());
    body.put("rate", rate);
    Responses.json(ctx, 200, body);
  }

  /** The sold request, or the problem that says why nothing was sold: one mapping for both routes that sell. */
  private static IssueInvoiceUseCase.Issued issued(IssueInvoiceUseCase.IssueOutcome outcome) {
    return switch (outcome) {
      case IssueInvoiceUseCase.Issued issued -> issued;
      case IssueInvoiceUseCase.Invalid invalid -> throw new ProblemException(rejection(invalid.rejection()));
      case IssueInvoiceUseCase.TooHeavy heavy -> throw new ProblemException(Problem.of(413, "request_too_large",
          "Request too large", "the request weighs " + heavy.weight() + "; at most " + heavy.limit()
              + " is sold in one request")
          .with("cost", heavy.weight()).with("limit", heavy.limit()));
      case IssueInvoiceUseCase.RateUnavailable unavailable -> {
        // the reason names sources and their failures: for the operator's log (the rates adapter
        // logs each outage once), not for buyers
        LOG.debug("no invoice priced: {}", unavailable.reason());
        throw new ProblemException(Problem.of(503, "rate_unavailable", "Exchange rate unavailable",
            "no BTC/USD rate is fresh enough to price this request; nothing was invoiced, retry later")
            .retryAfter(unavailable.retryAfter()));
      }
      case IssueInvoiceUseCase.Free free -> throw new ProblemException(Problem.of(400, "free_request",
          "Nothing to buy", "introspection is free: POST this request to /graphql without an Authorization header"));
    };
  }

  /** {@code POST /graphql} (DESIGN.md table 1.4, and the standard schemes of docs/api.md). */
  void graphql(Context ctx) {
    String client = quotas.client(ctx);
    quotas.unpaidAttempt(client);
    byte[] body = bodies.json(ctx);
    GraphQLRequest request = JsonBodies.graphQLRequest(body);
    PresentedCredential credential = schemes.read(ctx, request, body);
    RedeemUseCase.RedemptionOutcome outcome = switch (credential) {
      case PresentedCredential.None none -> redeem.runWithoutKey(request);
      case PresentedCredential.OneTimeKey key -> redeem.redeem(key.key(), request, forwarded(ctx));
      case PresentedCredential.Paid paid -> redeem.redeem(paid.proof(), request, forwarded(ctx));
      case PresentedCredential.Outlived outlived -> throw offer(ctx, client, request, body, outlived.code(),
          outlived.detail());
    };
    if (!(credential instanceof PresentedCredential.None) && ranForAPayment(outcome)) {
      quotas.paidFor(client);
    }
    List<HeaderField> receipt = credential instanceof PresentedCredential.Paid paid ? paid.receipt() : List.of();
    switch (outcome) {
      case RedeemUseCase.Executed executed -> {
        // a failed execution is still a GraphQL answer: 200 with errors (GraphQL over HTTP convention)
        Responses.json(ctx, 200, executed.body(), receipt);
      }
      case RedeemUseCase.Replayed replayed -> {
        ctx.header(REPLAY_HEADER, "true");
        Responses.json(ctx, 200, replayed.body(), receipt);
      }
      case RedeemUseCase.Refused refused -> {
        if (credential instanceof PresentedCredential.Paid && refused.reason().curedByANewPurchase()) {
          // a standard client holds a request, not a key: it is offered that request again
          Problem why = Refusals.problem(refused.reason());
          throw offer(ctx, client, request, body, why.code(), why.detail() + "; this request can be bought again"
              + " with the challenges sent");
        }
        Problem problem = Refusals.problem(refused.reason());
        if (refused.paymentRequest().isPresent()) {
          problem = problem.with("paymentRequest", refused.paymentRequest().get().text());
        }
        if (refused.retryAfter().isPresent()) {
          problem = problem.retryAfter(refused.retryAfter().get());
        }
        throw new ProblemException(problem);
      }
      case RedeemUseCase.PaymentRequired required -> throw offer(ctx, client, request, body, "payment_required",
          "pay the invoice of any challenge (L402, Payment, x402) and send this request again with its "
              + "credential, or pay paymentRequest and send it with Authorization: Bearer <apikey>");
    }
  }

  /**
   * A 402 that sells this request: a new purchase, its invoice offered in every scheme at once and
   * in the body for a Bearer-key client. It creates an invoice, so it counts as one against the
   * client's invoice limit, and over it the answer is 429 without one.
   */
  private ProblemException offer(Context ctx, String client, GraphQLRequest request, byte[] body, String code,
      String detail) {
    quotas.invoice(client);
    IssueInvoiceUseCase.Issued issued = issued(issueInvoice.issue(request));
    Offer offer = new Offer(issued.paymentRequest(), issued.paymentHash(), issued.price().msat(), issued.expiresAt(),
        request.fingerprint(), Offer.digestOf(body), network.get(), ctx.fullUrl());
    return new ProblemException(Problem.of(402, code, "Payment required", detail)
        .with("invoice", "/api/invoice")
        .with("apikey", issued.key().reveal())
        .with("paymentRequest", issued.paymentRequest().text())
        .with("paymentHash", issued.paymentHash().hex())
        .with("value", issued.price().msat().value())
        .with("price", issued.price().usd())
        .with("expiresAt", issued.expiresAt().toString())
        .withHeaders(schemes.challenges(offer, code)));
  }

  /**
   * The headers of this paid request the API being sold asked for, and no other: the key and the
   * payment headers never leave the HTTP adapter unless named, which the upstream's settings refuse.
   */
  private ForwardedHeaders forwarded(Context ctx) {
    Set<String> names = redeem.forwardedHeaderNames();
    if (names.isEmpty()) {
      return ForwardedHeaders.none();
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String name : names) {
      List<String> present = Collections.list(ctx.req().getHeaders(name));
      if (!present.isEmpty()) {
        values.put(name, present);
      }
    }
    return new ForwardedHeaders(values);
  }

  /**
   * Whether a keyed call was about a paid purchase, which the limit on unpaid attempts leaves
   * alone; unknown, unpaid and lapsed keys are what a client can send without paying.
   */
  private static boolean ranForAPayment(RedeemUseCase.RedemptionOutcome outcome) {
    return switch (outcome) {
      case RedeemUseCase.Executed executed -> true;
      case RedeemUseCase.Replayed replayed -> true;
      case RedeemUseCase.PaymentRequired required -> false;
      case RedeemUseCase.Refused refused -> switch (refused.reason()) {
        case INVALID_API_KEY, UNKNOWN_API_KEY, UNKNOWN_PAYMENT, PAYMENT_PENDING, INVOICE_EXPIRED -> false;
        case REQUEST_MISMATCH, KEY_SPENT, REDEMPTION_IN_PROGRESS, KEY_EXPIRED, OUTCOME_UNKNOWN, KEY_REFUNDED,
            REFUND_IN_PROGRESS -> true;
      };
    };
  }

  /** {@code GET /api/invoice/status[?wait=N]} (DESIGN.md 1.6). */
  void status(Context ctx) {
    String client = quotas.client(ctx);
    quotas.statusRequest(client);
    String key = bearerKey(requiredAuthorization(ctx));
    Duration wait = waitParameter(ctx.queryParam("wait"));
    if (wait.isZero()) {
      answerStatus(ctx, invoiceStatus.status(key, wait));
      return;
    }
    try (FreeWorkQuotas.LongPoll slot = quotas.longPoll(client)) {
      answerStatus(ctx, invoiceStatus.status(key, wait));
    }
  }

  private static void answerStatus(Context ctx, InvoiceStatusUseCase.StatusOutcome outcome) {
    switch (outcome) {
      case InvoiceStatusUseCase.Status status -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", status.state().name().toLowerCase(Locale.ROOT));
        body.put("paymentHash", status.paymentHash().hex());
        body.put("expiresAt", status.expiresAt().toString());
        Responses.json(ctx, 200, body);
      }
      case InvoiceStatusUseCase.UnknownKey unknown -> throw new ProblemException(Refusals.problem(unknown.reason()));
    }
  }

  /** {@code POST /api/refund} with {@code {paymentRequest}} (DESIGN.md 1.6). */
  void refund(Context ctx) {
    String key = bearerKey(requiredAuthorization(ctx));
    String paymentRequest = JsonBodies.requiredText(bodies.json(ctx), "paymentRequest");
    switch (refund.refund(key, paymentRequest)) {
      case RefundUseCase.Refunded refunded -> {
        Responses.json(ctx, 200, Map.of("paymentHash", refunded.paymentHash().hex(), "value",
            refunded.amount().value()));
      }
      case RefundUseCase.RefundPending pending -> {
        // the payment left the node and its outcome is not known yet: accepted, not done
        Responses.json(ctx, 202, Map.of("state", "refunding", "paymentHash", pending.paymentHash().hex(), "value",
            pending.amount().value()));
      }
      case RefundUseCase.RefundRefused refused -> throw new ProblemException(refundProblem(refused));
    }
  }

  private static Problem refundProblem(RefundUseCase.RefundRefused refused) {
    return switch (refused.reason()) {
      case INVALID_API_KEY -> Refusals.problem(RefusalReason.INVALID_API_KEY);
      case UNKNOWN_API_KEY -> Refusals.problem(RefusalReason.UNKNOWN_API_KEY);
      case NOT_REFUNDABLE -> Problem.of(409, "not_refundable", "Not refundable", refused.detail());
      case REFUND_IN_PROGRESS -> Problem.of(409, "refund_in_progress", "Refund in progress", refused.detail());
      // these can never succeed, so retrying is pointless: a client error, not 503
      case OWN_INVOICE -> Problem.of(400, "refund_to_own_node", "Refund to PayQL's own node", refused.detail());
      case INVOICE_ALREADY_PAID -> Problem.of(400, "refund_invoice_paid", "Refund invoice already paid",
          refused.detail());
      case INVALID_REFUND_INVOICE -> Problem.of(400, "invalid_refund_invoice", "Invalid refund invoice",
          refused.detail());
      // the node could not route the payment: transient, and the key stays refundable
      case PAYMENT_FAILED -> Problem.of(503, "refund_failed", "Refund payment failed", refused.detail())
          .retryAfter(Duration.ofSeconds(60));
    };
  }

  static Problem rejection(Inspection.Rejected rejected) {
    Problem problem = switch (rejected.kind()) {
      case SYNTAX -> Problem.of(400, "graphql_syntax", "GraphQL syntax error", rejected.detail());
      case VALIDATION -> Problem.of(400, "graphql_validation", "GraphQL validation error", rejected.detail());
      case UNKNOWN_OPERATION -> Problem.of(400, "unknown_operation", "Unknown operation", rejected.detail());
    };
    if (rejected.kind() == Inspection.Kind.UNKNOWN_OPERATION) {
      return problem;
    }
    List<Location> locations = rejected.locations().stream()
        .map(location -> new Location(location.line(), location.column()))
        .toList();
    return problem.with("locations", locations);
  }

  /** As GraphQL errors write locations: {@code {"line": 1, "column": 13}}. */
  record Location(int line, int column) {}

  private static String requiredAuthorization(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null) {
      throw new ProblemException(Problem.of(401, "invalid_api_key", "API key required",
          "send the one-time key as Authorization: Bearer <apikey>"));
    }
    return authorization;
  }

  /** RFC 6750 section 2.1: the scheme is case-insensitive; the key itself is never echoed. */
  private static String bearerKey(String authorization) {
    String trimmed = authorization.strip();
    if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ProblemException(Problem.of(401, "invalid_api_key", "Invalid API key",
          "send the one-time key as Authorization: Bearer <apikey>"));
    }
    return trimmed.substring(7).strip();
  }

  /** Whole seconds, clamped to 0..{@link #MAX_WAIT_SECONDS}; absent means "answer now". */
  private static Duration waitParameter(String wait) {
    if (wait == null || wait.isBlank()) {
      return Duration.ZERO;
    }
    try {
      long seconds = Long.parseLong(wait.strip());
      return Duration.ofSeconds(Math.clamp(seconds, 0, MAX_WAIT_SECONDS));
    } catch (NumberFormatException e) {
      throw ProblemException.invalidRequest("wait is a whole number of seconds");
    }
  }
}
