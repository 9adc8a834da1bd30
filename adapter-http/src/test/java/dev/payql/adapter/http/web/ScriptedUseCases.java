package dev.payql.adapter.http.web;

import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.InvoiceStatusUseCase;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.in.NodeInfoUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.query.ForwardedHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** The inbound ports answering whatever a test scripts, and remembering what they were asked. */
final class ScriptedUseCases implements IssueInvoiceUseCase, RedeemUseCase, InvoiceStatusUseCase, RefundUseCase,
    NodeInfoUseCase {

  volatile Function<GraphQLRequest, IssueOutcome> issue = request -> {
    throw new AssertionError("issue not scripted");
  };
  volatile BiFunction<String, GraphQLRequest, RedemptionOutcome> redeem = (key, request) -> {
    throw new AssertionError("redeem not scripted");
  };
  volatile BiFunction<PaymentProof, GraphQLRequest, RedemptionOutcome> redeemPaid = (proof, request) -> {
    throw new AssertionError("redeem by payment not scripted");
  };
  volatile Function<GraphQLRequest, RedemptionOutcome> withoutKey = request -> new PaymentRequired();
  volatile BiFunction<String, Duration, StatusOutcome> status = (key, wait) -> {
    throw new AssertionError("status not scripted");
  };
  volatile BiFunction<String, String, RefundOutcome> refund = (key, invoice) -> {
    throw new AssertionError("refund not scripted");
  };
  volatile Supplier<NodeInfo> nodeInfo = () -> new NodeInfo("simulated", "regtest", "02" + "ab".repeat(32),
      List.of("02" + "ab".repeat(32) + "@127.0.0.1:9735"));

  final AtomicReference<GraphQLRequest> lastRequest = new AtomicReference<>();
  final AtomicReference<String> lastKey = new AtomicReference<>();
  final AtomicReference<PaymentProof> lastProof = new AtomicReference<>();
  final AtomicReference<Duration> lastWait = new AtomicReference<>();
  final AtomicReference<ForwardedHeaders> lastHeaders = new AtomicReference<>();
  volatile Set<String> forwardedHeaderNames = Set.of();

  @Override
  public Set<String> forwardedHeaderNames() {
    return forwardedHeaderNames;
  }

  @Override
  public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request, ForwardedHeaders headers) {
    lastHeaders.set(headers);
    return redeem(presentedKey, request);
  }

  @Override
  public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request, ForwardedHeaders headers) {
    lastHeaders.set(headers);
    return redeem(proof, request);
  }

  @Override
  public IssueOutcome issue(GraphQLRequest request) {
    lastRequest.set(request);
    return issue.apply(request);
  }

  @Override
  public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request) {
    lastKey.set(presentedKey);
    lastRequest.set(request);
    return redeem.apply(presentedKey, request);
  }

  @Override
  public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request) {
    lastProof.set(proof);
    lastRequest.set(request);
    return redeemPaid.apply(proof, request);
  }

  @Override
  public RedemptionOutcome runWithoutKey(GraphQLRequest request) {
    lastRequest.set(request);
    return withoutKey.apply(request);
  }

  @Override
  public StatusOutcome status(String presentedKey, Duration wait) {
    lastKey.set(presentedKey);
    lastWait.set(wait);
    return status.apply(presentedKey, wait);
  }

  @Override
  public RefundOutcome refund(String presentedKey, String refundPaymentRequest) {
    lastKey.set(presentedKey);
    return refund.apply(presentedKey, refundPaymentRequest);
  }

  @Override
  public NodeInfo nodeInfo() {
    return nodeInfo.get();
  }
}
