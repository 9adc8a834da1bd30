package dev.payql.api.marketdata.jdbc;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How symbols are written and matched. Lookups compare lower-cased keys, so {@code binance},
 * {@code Binance} and {@code BINANCE} are one exchange; a market symbol reads
 * {@code Exchange:BASE/QUOTE} with the exchange as named and both assets in upper case.
 */
public final class MarketSymbols {

  /** An asset or exchange symbol: letters, digits, dot, dash, underscore; never ':' or '/'. */
  static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  private static final Pattern MARKET = Pattern.compile("\\s*([^:/\\s]+)\\s*:\\s*([^:/\\s]+)\\s*/\\s*([^:/\\s]+)\\s*");

  private MarketSymbols() {}

  /** The lookup key of an asset or exchange symbol. */
  public static String key(String symbol) {
    return Objects.requireNonNull(symbol, "symbol").strip().toLowerCase(Locale.ROOT);
  }

  /** How an asset symbol is shown. */
  public static String assetSymbol(String symbol) {
    return Objects.requireNonNull(symbol, "symbol").strip().toUpperCase(Locale.ROOT);
  }

  public static String marketSymbol(String exchangeSymbol, String baseSymbol, String quoteSymbol) {
    return exchangeSymbol.strip() + ":" + assetSymbol(baseSymbol) + "/" + assetSymbol(quoteSymbol);
  }

  public static String marketKey(String exchangeSymbol, String baseSymbol, String quoteSymbol) {
    return key(exchangeSymbol) + ":" + key(baseSymbol) + "/" + key(quoteSymbol);
  }

  /** The key of {@code Exchange:BASE/QUOTE} in any case, or empty when it is not shaped so. */
  public static Optional<String> marketKey(String marketSymbol) {
    Matcher m = MARKET.matcher(Objects.requireNonNull(marketSymbol, "marketSymbol"));
    return m.matches() ? Optional.of(marketKey(m.group(1), m.group(2), m.group(3))) : Optional.empty();
  }

  static boolean isSymbol(String symbol) {
    return SYMBOL.matcher(symbol).matches();
  }
}
