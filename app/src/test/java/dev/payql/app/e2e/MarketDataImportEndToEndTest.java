package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.app.PayqlApplication;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's own CSV data is what buyers then get. */
class MarketDataImportEndToEndTest {

  @TempDir
  Path dir;

  @Test
  void importedDataIsWhatAPaidRequestReads() throws IOException {
    Path csv = Files.createDirectories(dir.resolve("csv"));
    Files.writeString(csv.resolve("assets.csv"), "symbol,name\nBTC,Bitcoin\nEUR,Euro\n");
    Files.writeString(csv.resolve("exchanges.csv"), "symbol,name,country\nAcme,Acme Exchange,CH\n");
    Files.writeString(csv.resolve("markets.csv"), "exchange,base,quote\nAcme,BTC,EUR\n");
    Files.writeString(csv.resolve("candles.csv"), """
        market,start,open,high,low,close,volume
        Acme:BTC/EUR,2026-01-01T00:00:00Z,55000,55010.5,54990,55005,1.25
        Acme:BTC/EUR,2026-01-01T00:01:00Z,55005,55020,55000,55015,0.5
        """);
    Path dataDir = dir.resolve("payql");
    // a store of its own without the sample, so the import is small
    Map<String, String> store = Map.of("PAYQL_STORE_URL", PersistenceConfig.h2Url(dataDir), "PAYQL_STORE_SAMPLE_DATA", "false");
    try (PayqlTestInstance first = PayqlTestInstance.start(dataDir, store)) {
      assertThat(Buyer.parse(first.buyer().buyPayRun(Buyer.body("{ exchanges { exchangeSymbol } }")))
          .at("/data/exchanges").size()).isZero();
    }

    String summary = PayqlApplication.importMarketData(PayqlTestInstance.config(dataDir, store), csv);

    assertThat(summary).contains("1 exchanges").contains("2 candles");
    try (PayqlTestInstance payql = PayqlTestInstance.start(dataDir, store)) {
      HttpResponse<String> answer = payql.buyer().buyPayRun(Buyer.body(
          "{ exchange(exchangeSymbol: \"acme\") { country } market(marketSymbol: \"acme:btc/eur\") { ticker { lastPrice } } }"));
      assertThat(Buyer.parse(answer).at("/data/exchange/country").asText()).isEqualTo("CH");
      assertThat(Buyer.parse(answer).at("/data/market/ticker/lastPrice").asDouble()).isEqualTo(55015.0);
    }
  }
}
