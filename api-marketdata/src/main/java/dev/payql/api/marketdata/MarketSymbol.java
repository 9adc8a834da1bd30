package dev.payql.api.marketdata;

import dev.payql.engine.graphql.ArgumentException;
import java.util.Map;
import java.util.Objects;

/**
 * The three symbols that name a market, read either from {@code exchange:base/quote} (for example
 * {@code binance:btc/usdt}) or from the three arguments of {@code market}.
 */
record MarketSymbol(String exchangeSymbol, String baseSymbol, String quoteSymbol) {

  MarketSymbol {
    Objects.requireNonNull(exchangeSymbol, "exchangeSymbol");
    Objects.requireNonNull(baseSymbol, "baseSymbol");
    Objects.requireNonNull(quoteSymbol, "quoteSymbol");
  }

  static MarketSymbol parse(String text) {
    int colon = text.indexOf(':');
    int slash = text.indexOf('/', colon + 1);
    if (colon <= 0 || slash <= colon + 1 || slash == text.length() - 1
        || text.indexOf(':', colon + 1) >= 0 || text.indexOf('/', slash + 1) >= 0) {
      throw new ArgumentException("marketSymbol must look like exchange:base/quote, for example binance:btc/usdt");
    }
    return new MarketSymbol(text.substring(0, colon).strip(), text.substring(colon + 1, slash).strip(),
        text.substring(slash + 1).strip());
  }

  /**
   * The market the arguments of {@code market} name: the three symbols together or
   * {@code marketSymbol} alone. Any other combination is the client's mistake.
   */
  static MarketSymbol fromArguments(Map<String, Object> arguments) {
    Object exchange = arguments.get("exchangeSymbol");
    Object base = arguments.get("baseSymbol");
    Object quote = arguments.get("quoteSymbol");
    Object market = arguments.get("marketSymbol");
    boolean anyPart = exchange != null || base != null || quote != null;
    if (market != null && !anyPart) {
      return parse((String) market);
    }
    if (market == null && exchange != null && base != null && quote != null) {
      return new MarketSymbol((String) exchange, (String) base, (String) quote);
    }
    throw new ArgumentException(
        "market needs either exchangeSymbol, baseSymbol and quoteSymbol together, or marketSymbol alone");
  }
}
