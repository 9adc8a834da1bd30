package dev.payql.adapter.rates;

import dev.payql.adapter.rates.fake.TickerAnswers;
import dev.payql.adapter.rates.fake.TickerServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One fetch over real HTTP against a local server that answers, fails, or misbehaves. */
class TickerClientTest {

  private static final TickerSource COINBASE = new CoinbaseSpotPrice();
  private final TickerClient client = new TickerClient(Duration.ofMillis(800));
  private TickerServer server;

  @AfterEach
  void stop() {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  private TickerServer server() throws Exception {
    server = new TickerServer(COINBASE.path());
    return server;
  }

  @Test
  void aRecordedAnswerIsFetchedAndRead() throws Exception {
    server().answer(TickerAnswers.fixture("coinbase.json"));

    assertThat(client.fetch(COINBASE, server.baseUrl()).usdPerBtc()).isEqualByComparingTo("97221.545");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 429, 500, 502, 503})
  void anErrorStatusIsRefusedWhateverTheBodySays(int status) throws Exception {
    server().answer(status, TickerAnswers.fixture("coinbase.json"));

    assertThatThrownBy(() -> client.fetch(COINBASE, server.baseUrl()))
        .isInstanceOf(UnusableTickerException.class).hasMessage("HTTP " + status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"<html><body>502 Bad Gateway</body></html>", "", "{\"data\":{\"amount\":\"97221.5\"",
      "{\"data\":{}} trailing", "\u0000\u0001\u0002"})
  void garbageIsRefused(String body) throws Exception {
    server().answer(body);

    assertThatThrownBy(() -> client.fetch(COINBASE, server.baseUrl())).isInstanceOf(UnusableTickerException.class);
  }

  @Test
  void anAnswerTooLargeToBeATickerIsRefused() throws Exception {
    server().answer("{\"data\":{\"amount\":\"97221.5\",\"base\":\"BTC\",\"currency\":\"USD\",\"padding\":\""
        + "x".repeat(TickerClient.MAX_BODY_BYTES) + "\"}}");

    assertThatThrownBy(() -> client.fetch(COINBASE, server.baseUrl()))
        .isInstanceOf(UnusableTickerException.class).hasMessageContaining("larger than");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    server().behave(new TickerServer.Silence());

    assertThatThrownBy(() -> client.fetch(COINBASE, server.baseUrl()))
        .isInstanceOf(UnusableTickerException.class).hasMessageContaining("800 ms");
  }

  @Test
  void aServerThatStallsAfterItsHeadersTimesOutToo() throws Exception {
    server().behave(new TickerServer.StalledBody());

    assertThatThrownBy(() -> client.fetch(COINBASE, server.baseUrl()))
        .isInstanceOf(UnusableTickerException.class).hasMessageContaining("800 ms");
  }

  @Test
  void aServerThatIsDownIsRefusedWithItsHost() throws Exception {
    URI gone = server().baseUrl();
    server.close();

    assertThatThrownBy(() -> client.fetch(COINBASE, gone))
        .isInstanceOf(UnusableTickerException.class).hasMessageContaining("cannot reach 127.0.0.1");
  }

  @Test
  void theBaseUrlsOwnPathIsKept() {
    assertThat(TickerClient.resolve(URI.create("https://proxy.example/kraken/"), "/0/public/Ticker?pair=XBTUSD"))
        .isEqualTo(URI.create("https://proxy.example/kraken/0/public/Ticker?pair=XBTUSD"));
    assertThat(TickerClient.resolve(URI.create("https://api.kraken.com"), "/0/public/Ticker?pair=XBTUSD"))
        .isEqualTo(URI.create("https://api.kraken.com/0/public/Ticker?pair=XBTUSD"));
  }
}
