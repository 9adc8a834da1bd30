package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.BtcUsdRate;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.money.PricingRules;
import dev.payql.domain.money.Tariff;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Free;
import dev.payql.ports.in.IssueInvoiceUseCase.Invalid;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.in.IssueInvoiceUseCase.RateUnavailable;
import dev.payql.ports.in.IssueInvoiceUseCase.TooHeavy;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.testing.TestPurchases;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IssueInvoiceServiceTest {

  private final Shop shop = new Shop();

  @Test
  void aValidRequestIsPricedByWeightInvoicedAndStoredUnderTheKeyDigestOnly() {
    GraphQLRequest request = GraphQLRequest.of("{ assets { assetSymbol } }");

    Issued issued = shop.buy(request);

    long weight = request.query().length(); // the fake engine's weight
    assertThat(issued.weight()).isEqualTo(weight);
    assertThat(issued.price().msat()).isEqualTo(Msat.ofSat(weight));
    assertThat(issued.price().usd()).isEqualByComparingTo(new BigDecimal(weight).multiply(new BigDecimal("0.0006")));
    assertThat(issued.rate()).isEqualTo(TestPurchases.RATE);
    assertThat(issued.key().reveal()).matches("[0-9a-f]{64}");
    Purchase stored = shop.store.findByKeyDigest(issued.key().digest()).orElseThrow();
    assertThat(stored.state()).isEqualTo(PurchaseState.AWAITING_PAYMENT);
    assertThat(stored.fingerprint()).isEqualTo(request.fingerprint());
    assertThat(stored.paymentHash()).isEqualTo(issued.paymentHash());
    assertThat(stored.invoiceExpiresAt()).isEqualTo(issued.expiresAt());
    assertThat(stored.toString()).doesNotContain(issued.key().reveal());
  }

  @Test
  void anInvalidRequestIsNotSold() {
    var outcome = shop.issuer.issue(GraphQLRequest.of("{ syntax error"));

    assertThat(outcome).isInstanceOfSatisfying(Invalid.class,
        invalid -> assertThat(invalid.rejection().kind()).isEqualTo(Inspection.Kind.SYNTAX));
    assertThat(shop.store.findAwaitingPayment(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void aRequestHeavierThanTheLimitIsNotSold() {
    var outcome = shop.issuer.issue(GraphQLRequest.of("{ " + "x".repeat(2_000) + " }"));

    assertThat(outcome).isInstanceOfSatisfying(TooHeavy.class, heavy -> {
      assertThat(heavy.weight()).isEqualTo(2_004);
      assertThat(heavy.limit()).isEqualTo(1_000);
    });
  }

  @Test
  void introspectionIsFreeSoNothingIsSold() {
    assertThat(shop.issuer.issue(GraphQLRequest.of("{ __schema { types { name } } }"))).isInstanceOf(Free.class);
  }

  @Test
  void whenTheNodeIsDownNothingIsStoredAndTheCallerLearnsItIsTransient() {
    shop.node.goDown();

    assertThatThrownBy(() -> shop.issuer.issue(GraphQLRequest.of("{ assets { assetSymbol } }")))
        .isInstanceOf(NodeUnavailableException.class);
    assertThat(shop.store.findAwaitingPayment(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void aTariffInUsdIsConvertedAtTheRateOfTheMomentAndTheAnswerStatesThatRate() {
    // 0.0001 USD per unit: at 50,000 USD/BTC one unit is 200 msat
    IssueInvoiceService inUsd = shop.issuer(new PricingRules(
        new Tariff.InUsd(BigDecimal.ZERO, new BigDecimal("0.0001")), Msat.of(1), Msat.ofSat(10_000), 1_000));
    BtcUsdRate live = BtcUsdRate.of(new BigDecimal("50000"), Instant.parse("2026-05-01T09:59:30Z"), "kraken", "bitstamp");
    shop.rates.set(live);
    GraphQLRequest request = GraphQLRequest.of("{ assets { assetSymbol } }");

    Issued issued = (Issued) inUsd.issue(request);

    long weight = request.query().length();
    assertThat(issued.rate()).isEqualTo(live);
    assertThat(issued.price().msat()).isEqualTo(Msat.of(200 * weight));
    assertThat(issued.price()).isEqualTo(Price.of(issued.price().msat(), live));
    assertThat(shop.node.lookupInvoice(issued.paymentHash()).orElseThrow().amount()).isEqualTo(issued.price().msat());
    assertThat(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().price()).isEqualTo(issued.price());

    // bitcoin doubles: the same dollars are half the msat
    BtcUsdRate doubled = BtcUsdRate.of(new BigDecimal("100000"), Instant.parse("2026-05-01T10:00:00Z"), "kraken");
    shop.rates.set(doubled);
    Issued later = (Issued) inUsd.issue(request);
    assertThat(later.price().msat()).isEqualTo(Msat.of(100 * weight));
    assertThat(later.rate()).isEqualTo(doubled);
  }

  @Test
  void withNoFreshRateNothingIsInvoicedOrStoredAndTheCallerIsToldWhenToRetry() {
    shop.rates.goStale();

    var outcome = shop.issuer.issue(GraphQLRequest.of("{ assets { assetSymbol } }"));

    assertThat(outcome).isInstanceOfSatisfying(RateUnavailable.class, unavailable -> {
      assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(unavailable.reason()).contains("stale");
    });
    assertThat(shop.node.invoiceCount()).isZero();
    assertThat(shop.store.findAwaitingPayment(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void introspectionNeedsNoRate() {
    shop.rates.goStale();

    assertThat(shop.issuer.issue(GraphQLRequest.of("{ __schema { types { name } } }"))).isInstanceOf(Free.class);
  }

  @Test
  void aKeyThatRepeatsAnEarlierOneIsReplacedByANewKeyAndANewInvoice() {
    // a 256-bit key repeats only if the random generator is broken; the sale must still not fail
    RepeatingRandom random = new RepeatingRandom();
    IssueInvoiceService issuer = new IssueInvoiceService(shop.engine, shop.node, shop.store,
        new dev.payql.ports.testing.FixedRates(dev.payql.ports.testing.TestPurchases.RATE),
        dev.payql.domain.money.PricingRules.defaults(), Shop.INVOICE_EXPIRY, random);
    GraphQLRequest request = GraphQLRequest.of("{ assets { assetSymbol } }");
    Issued first = (Issued) issuer.issue(request);
    random.repeatNext();

    Issued second = (Issued) issuer.issue(request);

    assertThat(second.key().digest()).isNotEqualTo(first.key().digest());
    assertThat(second.paymentHash()).isNotEqualTo(first.paymentHash());
    assertThat(shop.store.findByKeyDigest(second.key().digest()).orElseThrow().paymentHash())
        .isEqualTo(second.paymentHash());
    assertThat(shop.store.findByKeyDigest(first.key().digest()).orElseThrow().paymentHash())
        .isEqualTo(first.paymentHash());
  }

  @Test
  void aNodeThatHandsOutAPaymentHashAlreadySoldIsRefusedAndTheEarlierPurchaseKeepsIt() {
    // one payment would settle two purchases: nothing is sold until the node is fixed
    HashReusingNode node = new HashReusingNode(shop.node);
    IssueInvoiceService issuer = new IssueInvoiceService(shop.engine, node, shop.store,
        new dev.payql.ports.testing.FixedRates(dev.payql.ports.testing.TestPurchases.RATE),
        dev.payql.domain.money.PricingRules.defaults(), Shop.INVOICE_EXPIRY, new java.security.SecureRandom());
    Issued first = (Issued) issuer.issue(GraphQLRequest.of("{ assets { assetSymbol } }"));
    node.reuseNextHash();

    assertThatThrownBy(() -> issuer.issue(GraphQLRequest.of("{ exchanges { exchangeSymbol } }")))
        .isInstanceOf(NodeRejectedException.class)
        .hasMessageContaining(first.paymentHash().hex());
    assertThat(shop.store.findByPaymentHash(first.paymentHash()).orElseThrow().keyDigest())
        .isEqualTo(first.key().digest());
    assertThat(shop.store.findAwaitingPayment(Optional.empty(), 10)).hasSize(1);
  }

  /** Hands out the bytes of the call before once, when told: a key repeats. */
  private static final class RepeatingRandom extends java.security.SecureRandom {
    private byte[] last = new byte[0];
    private boolean repeat;

    void repeatNext() {
      repeat = true;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      if (repeat && last.length == bytes.length) {
        System.arraycopy(last, 0, bytes, 0, bytes.length);
        repeat = false;
      } else {
        super.nextBytes(bytes);
      }
      last = bytes.clone();
    }
  }

  /** A node that, when told, answers the next invoice with the payment hash of the last one. */
  private static final class HashReusingNode implements LightningNode {
    private final LightningNode node;
    private Invoice last;
    private boolean reuse;

    HashReusingNode(LightningNode node) {
      this.node = node;
    }

    void reuseNextHash() {
      reuse = true;
    }

    @Override
    public Invoice createInvoice(InvoiceRequest request) {
      Invoice fresh = node.createInvoice(request);
      if (reuse) {
        reuse = false;
        return Invoice.open(last.paymentHash(), fresh.paymentRequest(), fresh.amount(), fresh.createdAt(),
            fresh.expiresAt());
      }
      last = fresh;
      return fresh;
    }

    @Override
    public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
      return node.lookupInvoice(paymentHash);
    }

    @Override
    public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
      return node.subscribeSettlements(afterCursor, listener);
    }

    @Override
    public DecodedPaymentRequest decode(Bolt11 paymentRequest) {
      return node.decode(paymentRequest);
    }

    @Override
    public PaymentOutcome pay(PaymentOrder order) {
      return node.pay(order);
    }

    @Override
    public Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
      return node.paymentStatus(paymentHash);
    }

    @Override
    public NodeInfo info() {
      return node.info();
    }
  }
}
