package dev.payql.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * Bitstamp's {@code GET /api/v2/ticker/btcusd/}: one object of strings, {@code {"timestamp":
 * "1723398353", "open": ..., "last": "60192", "bid": ..., "ask": ..., ...}}. {@code last} is the
 * last trade's price and {@code timestamp} (unix seconds) when the ticker was made.
 */
final class BitstampTicker implements TickerSource {

  @Override
  public String name() {
    return "bitstamp";
  }

  @Override
  public URI publicBaseUrl() {
    return URI.create("https://www.bitstamp.net");
  }

  @Override
  public String path() {
    return "/api/v2/ticker/btcusd/";
  }

  @Override
  public TickerReading read(JsonNode answer) {
    TickerFields.object(answer, "Bitstamp's answer");
    return new TickerReading(TickerFields.price(answer.get("last"), "Bitstamp's last price"),
        TickerFields.epochSeconds(answer.get("timestamp"), "Bitstamp's timestamp"));
  }
}
