package dev.payql.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * CoinGecko's {@code GET /api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true}:
 * {@code {"bitcoin": {"usd": 67187.3, "last_updated_at": 1711356300}}}, the price a JSON number. CoinGecko
 * caches it (about a minute on the public API), so its {@code last_updated_at} is what the quote's
 * age is judged by. Rate-limit answers ({@code {"status": {"error_code": 429, ...}}}) come with HTTP 429.
 */
final class CoinGeckoSimplePrice implements TickerSource {

  @Override
  public String name() {
    return "coingecko";
  }

  @Override
  public URI publicBaseUrl() {
    return URI.create("https://api.coingecko.com");
  }

  @Override
  public String path() {
    return "/api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true&precision=full";
  }

  @Override
  public TickerReading read(JsonNode answer) {
    TickerFields.object(answer, "CoinGecko's answer");
    JsonNode status = answer.path("status");
    if (status.isObject() && status.has("error_code")) {
      throw new UnusableTickerException("CoinGecko reports " + TickerFields.abbreviate(status.toString()));
    }
    JsonNode bitcoin = TickerFields.object(answer.get("bitcoin"), "CoinGecko's bitcoin entry");
    return new TickerReading(TickerFields.price(bitcoin.get("usd"), "CoinGecko's usd price"),
        TickerFields.epochSeconds(bitcoin.get("last_updated_at"), "CoinGecko's last_updated_at"));
  }
}
