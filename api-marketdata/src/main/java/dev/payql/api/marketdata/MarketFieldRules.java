package dev.payql.api.marketdata;

import dev.payql.engine.graphql.FieldRules;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The market-data API's own rules at weighing time: {@code market} names its market one way only;
 * {@code ohlcv} weighs as many candles as its {@code limit} asks for, within its bounds, and at least
 * what one call of its SQL costs (measured); the other lists' {@code limit} and {@code offset} stay
 * within their bounds. The SDL's cost directives weigh the rest ({@link MarketDataApi#engine}); these
 * rules refuse what the resolvers would refuse, before anything is sold.
 */
final class MarketFieldRules implements FieldRules {

  /** The least an {@code ohlcv} of one-minute candles weighs: 21-25 plain objects of work, measured. */
  static final int MIN_MINUTE_CANDLES_WEIGHT = 25;
  /** The least an {@code ohlcv} of aggregated candles weighs: 33-40 plain objects of work, measured. */
  static final int MIN_AGGREGATED_CANDLES_WEIGHT = 40;

  /** The list fields paged by {@code limit} and {@code offset}, as {@code Type.field}. */
  private static final Set<String> PAGED = Set.of("Query.assets", "Query.exchanges", "Query.markets", "Exchange.markets");

  @Override
  public void check(String typeName, String fieldName, Map<String, Object> arguments) {
    if (typeName.equals("Query") && fieldName.equals("market")) {
      MarketSymbol.fromArguments(arguments);
    }
    if (PAGED.contains(typeName + "." + fieldName)) {
      MarketDataSchema.checkedItems(arguments.get("limit"));
      MarketDataSchema.checkedOffset(arguments.get("offset"));
    }
    listSize(typeName, fieldName, arguments);
  }

  @Override
  public OptionalLong listSize(String typeName, String fieldName, Map<String, Object> arguments) {
    if (typeName.equals("Market") && fieldName.equals("ohlcv")) {
      int limit = MarketDataSchema.checkedLimit(arguments.get("limit"));
      // the candles' SQL reads the market's candles whatever the limit: a call costs at least this
      // much work (docs/pricing.md, measured by FieldWorkMeasurement), however few candles it returns
      Object resolution = arguments.get("resolution");
      boolean oneMinute = resolution == null || resolution.toString().equals("_1m");
      return OptionalLong.of(Math.max(limit, oneMinute ? MIN_MINUTE_CANDLES_WEIGHT : MIN_AGGREGATED_CANDLES_WEIGHT));
    }
    return OptionalLong.empty();
  }
}
