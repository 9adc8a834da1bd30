package dev.payql.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/**
 * Coinbase's public Data API, {@code GET /v2/prices/BTC-USD/spot}: {@code {"data": {"amount":
 * "61234.56", "base": "BTC", "currency": "USD"}}}; errors come as {@code {"errors": [{"id": ...,
 * "message": ...}]}}. Base and currency are checked, so a wrong path cannot pass off another
 * pair's price. No time is reported.
 */
final class CoinbaseSpotPrice implements TickerSource {

  @Override
  public String name() {
    return "coinbase";
  }

  @Override
  public URI publicBaseUrl() {
    return URI.create("https://api.coinbase.com");
  }

  @Override
  public String path() {
    return "/v2/prices/BTC-USD/spot";
  }

  @Override
  public TickerReading read(JsonNode answer) {
    TickerFields.object(answer, "Coinbase's answer");
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      throw new UnusableTickerException("Coinbase reports " + TickerFields.abbreviate(errors.toString()));
    }
    JsonNode data = TickerFields.object(answer.get("data"), "Coinbase's data");
    if (!"BTC".equals(data.path("base").asText()) || !"USD".equals(data.path("currency").asText())) {
      throw new UnusableTickerException("Coinbase answered for " + data.path("base").asText() + "-"
          + data.path("currency").asText() + ", not BTC-USD");
    }
    return new TickerReading(TickerFields.price(data.get("amount"), "Coinbase's spot amount"), Optional.empty());
  }
}
