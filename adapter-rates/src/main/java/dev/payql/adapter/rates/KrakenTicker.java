package dev.payql.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Kraken's {@code GET /0/public/Ticker?pair=XBTUSD}: {@code {"error": [], "result": {"XXBTZUSD":
 * {"a": [...], "b": [...], "c": ["<last trade price>", "<lot volume>"], ...}}}}. Kraken answers
 * its errors with HTTP 200 and a non-empty {@code error} array ({@code "EService:Unavailable"}), and
 * names the pair by its own code ({@code XXBTZUSD}), so the one pair in {@code result} is read
 * whatever its key. No time is reported.
 */
final class KrakenTicker implements TickerSource {

  @Override
  public String name() {
    return "kraken";
  }

  @Override
  public URI publicBaseUrl() {
    return URI.create("https://api.kraken.com");
  }

  @Override
  public String path() {
    return "/0/public/Ticker?pair=XBTUSD";
  }

  @Override
  public TickerReading read(JsonNode answer) {
    TickerFields.object(answer, "Kraken's answer");
    JsonNode errors = answer.path("error");
    if (errors.isArray() && !errors.isEmpty()) {
      throw new UnusableTickerException("Kraken reports " + TickerFields.abbreviate(errors.toString()));
    }
    JsonNode result = TickerFields.object(answer.get("result"), "Kraken's result");
    if (result.size() != 1) {
      throw new UnusableTickerException("Kraken's result holds " + result.size() + " pairs, not the one asked for");
    }
    Iterator<Map.Entry<String, JsonNode>> pairs = result.fields();
    Map.Entry<String, JsonNode> pair = pairs.next();
    if (!pair.getKey().contains("XBT") || !pair.getKey().endsWith("USD")) {
      throw new UnusableTickerException("Kraken answered for the pair " + TickerFields.abbreviate(pair.getKey()));
    }
    JsonNode lastTrade = TickerFields.object(pair.getValue(), "Kraken's ticker").path("c");
    if (!lastTrade.isArray() || lastTrade.isEmpty()) {
      throw new UnusableTickerException("Kraken's last trade (c) is missing");
    }
    return new TickerReading(TickerFields.price(lastTrade.get(0), "Kraken's last trade price"), Optional.empty());
  }
}
