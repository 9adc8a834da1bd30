package dev.payql.service;

import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.money.BtcUsdRate;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.money.PricingRules;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import dev.payql.ports.out.rates.ExchangeRates;
import dev.payql.ports.out.rates.RateUnavailableException;
import dev.payql.ports.out.store.DuplicatePurchaseException;
import dev.payql.ports.out.store.PurchaseStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/** Prices a request, has the node invoice it and records the purchase under the key's digest. */
public final class IssueInvoiceService implements IssueInvoiceUseCase {

  /** A repeated key is a broken random generator; one repeat is survived, a few are a fault. */
  private static final int MAX_KEY_ATTEMPTS = 3;

  private final QueryEngine engine;
  private final LightningNode node;
  private final PurchaseStore store;
  private final ExchangeRates rates;
  private final PricingRules pricing;
  private final Duration invoiceExpiry;
  private final SecureRandom random;

  public IssueInvoiceService(QueryEngine engine, LightningNode node, PurchaseStore store, ExchangeRates rates,
      PricingRules pricing, Duration invoiceExpiry, SecureRandom random) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.node = Objects.requireNonNull(node, "node");
    this.store = Objects.requireNonNull(store, "store");
    this.rates = Objects.requireNonNull(rates, "rates");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.invoiceExpiry = Objects.requireNonNull(invoiceExpiry, "invoiceExpiry");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public IssueOutcome issue(GraphQLRequest request) {
    return switch (engine.inspect(request)) {
      case Inspection.Rejected rejected -> new Invalid(rejected);
      case Inspection.Accepted accepted when accepted.introspectionOnly() -> new Free();
      case Inspection.Accepted accepted when !pricing.allows(accepted.weight()) ->
          new TooHeavy(accepted.weight(), pricing.maxWeight());
      case Inspection.Accepted accepted -> sell(request, accepted);
    };
  }

  private IssueOutcome sell(GraphQLRequest request, Inspection.Accepted accepted) {
    BtcUsdRate rate;
    try {
      // the rate first: without one nothing is asked of the node, so no invoice exists unpriced
      rate = rates.btcUsd();
    } catch (RateUnavailableException e) {
      return new RateUnavailable(e.getMessage(), e.retryAfter());
    }
    // one rate for both: the msat amount (of a USD tariff) and the USD shown beside it
    Price price = pricing.priceOf(accepted.weight(), rate);
    Msat amount = price.msat();
    for (int attempt = 1; ; attempt++) {
      OneTimeKey key = OneTimeKey.generate(random);
      KeyDigest digest = key.digest();
      // the label names the key's digest, so a new key needs a new invoice (CLN refuses a label twice)
      Invoice invoice = node.createInvoice(new InvoiceRequest(amount, memo(accepted), invoiceExpiry, label(digest)));
      try {
        // a mutation is sold at most once: it may change something, so it is never sent twice (ADR 0033)
        store.insert(Purchase.awaitingPayment(digest, request.fingerprint(), invoice.paymentHash(),
            invoice.paymentRequest(), price, accepted.weight(), accepted.mutation(), invoice.createdAt(),
            invoice.expiresAt()));
        return new Issued(price, rate, invoice.paymentRequest(), key, invoice.paymentHash(), invoice.expiresAt(),
            accepted.weight());
      } catch (DuplicatePurchaseException e) {
        if (e.conflict() == DuplicatePurchaseException.Conflict.PAYMENT_HASH) {
          // a payment of this hash would settle the earlier purchase too: the invoice is not handed out
          throw new NodeRejectedException("the node issued payment hash " + invoice.paymentHash()
              + ", which an earlier purchase already has; it reuses payment hashes (a node whose data was reset"
              + " while PayQL's store was kept?), so nothing is sold until that is fixed", e);
        }
        if (attempt == MAX_KEY_ATTEMPTS) {
          throw new IllegalStateException("the random generator repeated a 256-bit key " + attempt + " times", e);
        }
        // the unused invoice lapses unpaid: nobody ever saw it
      }
    }
  }

  /** The digest is public (it reveals nothing of the key) and unique per purchase. */
  static String label(KeyDigest digest) {
    return "payql-" + digest.hex();
  }

  private static String memo(Inspection.Accepted accepted) {
    return "PayQL: one GraphQL request"
        + accepted.operationName().map(name -> " (" + truncate(name) + ")").orElse("");
  }

  private static String truncate(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64) + "…";
  }
}
