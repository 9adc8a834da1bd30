package dev.payql.service;

import dev.payql.domain.money.PricingRules;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.RedemptionPolicy;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.testing.FakeLightningNode;
import dev.payql.ports.testing.FakeQueryEngine;
import dev.payql.ports.testing.InMemoryPurchaseStore;
import dev.payql.ports.testing.MutableClock;
import dev.payql.ports.testing.SettableRates;
import dev.payql.ports.testing.TestPurchases;
import java.security.SecureRandom;
import java.time.Duration;

/** The services wired to in-memory doubles, as a host application would wire them to adapters. */
final class Shop {

  static final Duration INVOICE_EXPIRY = Duration.ofMinutes(10);
  static final RedemptionPolicy POLICY =
      new RedemptionPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofDays(1));

  final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
  final FakeLightningNode node = new FakeLightningNode(clock);
  final InMemoryPurchaseStore store = new InMemoryPurchaseStore();
  final FakeQueryEngine engine = new FakeQueryEngine();
  final PaymentRecorder payments = new PaymentRecorder(store, node, POLICY);
  final SettableRates rates = new SettableRates(TestPurchases.RATE);
  final IssueInvoiceService issuer = issuer(PricingRules.defaults());
  final RedeemService redeemer = new RedeemService(store, engine, payments, POLICY, clock);

  IssueInvoiceService issuer(PricingRules pricing) {
    return new IssueInvoiceService(engine, node, store, rates, pricing, INVOICE_EXPIRY, new SecureRandom());
  }

  IssueInvoiceUseCase.Issued buy(GraphQLRequest request) {
    return (IssueInvoiceUseCase.Issued) issuer.issue(request);
  }

  IssueInvoiceUseCase.Issued buyAndPay(GraphQLRequest request) {
    IssueInvoiceUseCase.Issued issued = buy(request);
    node.settle(issued.paymentHash());
    return issued;
  }

  /** Bought, paid and run once with the engine failing: the key is FAILED, so refundable. */
  IssueInvoiceUseCase.Issued buyPayAndFail(GraphQLRequest request) {
    IssueInvoiceUseCase.Issued issued = buyAndPay(request);
    engine.failFromNowOn(true);
    redeemer.redeem(issued.key().reveal(), request);
    engine.failFromNowOn(false);
    return issued;
  }

  /** The purchase of {@code issued} as the store holds it now. */
  Purchase stored(IssueInvoiceUseCase.Issued issued) {
    return store.findByKeyDigest(issued.key().digest()).orElseThrow();
  }
}
