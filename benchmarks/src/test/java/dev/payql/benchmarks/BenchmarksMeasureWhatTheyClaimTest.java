package dev.payql.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.simnode.bolt11.Bolt11Codec;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RedemptionDecision;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.Inspection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark method run once, untimed: it works, and it takes the path its name claims (a
 * benchmark that measured a refusal or a rejected document would report a pleasing, wrong figure).
 */
class BenchmarksMeasureWhatTheyClaimTest {

  @Test
  void theFingerprintBenchmarkComputesTheDomainsFingerprintOfTheSeedExample() throws Exception {
    RequestFingerprintBenchmark benchmark = new RequestFingerprintBenchmark();
    benchmark.variablesShape = "seed";
    benchmark.setUp();

    assertThat(benchmark.fingerprint()).isEqualTo(GraphQLRequest.of(
        RequestFingerprintBenchmark.SEED_QUERY, null, Map.of("symbol", "binance")).fingerprint());
    assertThat(benchmark.baselinePlainSha256()).hasSize(64).isNotEqualTo(benchmark.fingerprint().hex());
  }

  @Test
  void theNestedVariablesAreTheSameRequestWhateverTheKeyOrder() throws Exception {
    RequestFingerprintBenchmark benchmark = new RequestFingerprintBenchmark();
    benchmark.variablesShape = "nested";
    benchmark.setUp();

    assertThat(benchmark.fingerprint()).isEqualTo(benchmark.fingerprint());
    assertThat(benchmark.baselinePlainSha256()).hasSize(64);
  }

  @Test
  void theRedemptionBenchmarkDecidesForAPaidPurchaseThatItExecutes() throws Exception {
    RedemptionRulesBenchmark benchmark = new RedemptionRulesBenchmark();
    benchmark.setUp();

    assertThat(benchmark.paidPurchase().state()).isEqualTo(PurchaseState.PAID);
    assertThat(benchmark.decidePaid()).isInstanceOf(RedemptionDecision.Execute.class);
    assertThat(benchmark.baselineHashOfInputs()).isEqualTo(benchmark.baselineHashOfInputs());
  }

  @Test
  void theKeyBenchmarkMintsDistinctKeys() throws Exception {
    OneTimeKeyBenchmark benchmark = new OneTimeKeyBenchmark();
    benchmark.setUp();

    assertThat(benchmark.generateAndDigest()).isNotEqualTo(benchmark.generateAndDigest());
    assertThat(benchmark.baselineRandomBytes()).hasSize(32);
  }

  @Test
  void theEngineBenchmarkInspectsTheSeedMarketQueryAsAValidPaidRequest() throws Exception {
    QueryEngineBenchmark benchmark = new QueryEngineBenchmark();
    benchmark.setUp();

    Inspection cached = benchmark.inspectCached();
    assertThat(cached).isInstanceOfSatisfying(Inspection.Accepted.class, accepted -> {
      assertThat(accepted.introspectionOnly()).isFalse();
      assertThat(accepted.weight()).isPositive();
    });
    assertThat(benchmark.inspectCached()).isEqualTo(cached);
    assertThat(benchmark.inspectUncached()).isEqualTo(cached);
    assertThat(benchmark.baselineParseAndValidate()).isEmpty();
  }

  @Test
  void theBolt11BenchmarkSignsDeterministicallyAndReadsBackTheSameInvoice() throws Exception {
    Bolt11CodecBenchmark benchmark = new Bolt11CodecBenchmark();
    benchmark.setUp();

    assertThat(benchmark.encode()).isEqualTo(benchmark.text());
    assertThat(benchmark.decode().invoice()).isEqualTo(Bolt11Samples.fields());
    assertThat(benchmark.decode().payee()).isEqualTo(Bolt11Samples.nodeKey().nodeId());
    assertThat(benchmark.signOnly()).isNotNull();
    assertThat(benchmark.baselineBech32Only().hrp()).isEqualTo("lnbcrt290n");
    assertThat(Bolt11Codec.decode(benchmark.text()).text()).isEqualTo(benchmark.text());
  }

  @Test
  void theSimulatedNodeBenchmarkIssuesOpenInvoicesSettlesThemAndAppendsRawRecords() throws Exception {
    SimulatedNodeBenchmark benchmark = new SimulatedNodeBenchmark();
    benchmark.setUp();
    try {
      dev.payql.domain.lightning.Invoice invoice = benchmark.createInvoice();
      assertThat(invoice.state()).isEqualTo(dev.payql.domain.lightning.InvoiceState.OPEN);
      assertThat(benchmark.createInvoice().paymentHash()).isNotEqualTo(invoice.paymentHash());

      dev.payql.domain.lightning.Preimage preimage = benchmark.createAndSettle();
      assertThat(benchmark.node().lookupInvoice(preimage.paymentHash()).orElseThrow().state())
          .isEqualTo(dev.payql.domain.lightning.InvoiceState.SETTLED);

      long first = benchmark.baselineFsyncedAppend();
      assertThat(benchmark.baselineFsyncedAppend()).isEqualTo(first + 700);
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void theInMemoryMarketDataAnswersTheSeedMarketCaseInsensitively() throws Exception {
    InMemoryMarketData data = new InMemoryMarketData();

    assertThat(data.market("binance", "ltc", "btc")).hasValueSatisfying(
        market -> assertThat(market.marketSymbol()).isEqualTo("Binance:LTC/BTC"));
    assertThat(data.ticker("binance:ltc/btc")).isPresent();
    assertThat(data.exchange("KRAKEN")).isPresent();
  }
}
