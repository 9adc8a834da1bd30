package dev.payql.adapter.rates.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The recorded answers in {@code src/test/resources/tickers}, and the same shapes at other prices and times. */
public final class TickerAnswers {

  private TickerAnswers() {}

  public static String fixture(String name) {
    try (InputStream in = TickerAnswers.class.getResourceAsStream("/tickers/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path and query each source is asked at (as the adapter asks it). */
  public static String path(String source) {
    return switch (source) {
      case "kraken" -> "/0/public/Ticker?pair=XBTUSD";
      case "coinbase" -> "/v2/prices/BTC-USD/spot";
      case "bitstamp" -> "/api/v2/ticker/btcusd/";
      case "coingecko" -> "/api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true&precision=full";
      default -> throw new IllegalArgumentException(source);
    };
  }

  /** The recorded answer of {@code source} with its price, and its own time where it reports one, replaced. */
  public static String answer(String source, BigDecimal usdPerBtc, Instant at) {
    String price = usdPerBtc.toPlainString();
    String seconds = Long.toString(at.getEpochSecond());
    return switch (source) {
      case "kraken" -> replaceOnce(fixture("kraken.json"), "\"c\":[\"97214.10000\"", "\"c\":[\"" + price + "\"");
      case "coinbase" -> replaceOnce(fixture("coinbase.json"), "\"97221.545\"", "\"" + price + "\"");
      case "bitstamp" -> replaceOnce(replaceOnce(fixture("bitstamp.json"), "\"last\": \"97208\"", "\"last\": \"" + price + "\""),
          "\"1733090400\"", "\"" + seconds + "\"");
      case "coingecko" -> replaceOnce(replaceOnce(fixture("coingecko.json"), "97219.67", price), "1733090395", seconds);
      default -> throw new IllegalArgumentException(source);
    };
  }

  private static String replaceOnce(String text, String recorded, String replacement) {
    if (!text.contains(recorded)) {
      throw new IllegalStateException("the fixture no longer holds " + recorded);
    }
    return text.replace(recorded, replacement);
  }
}
