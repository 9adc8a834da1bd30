package dev.payql.api.marketdata;

import dev.payql.engine.graphql.FieldRules;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The market-data API's checks at weighing time: {@code market} names its market one way only, and
 * {@code ohlcv} returns as many candles as its {@code limit} asks for, within its bounds.
 */
final class MarketFieldRules implements FieldRules {

  @Override
  public void check(String typeName, String fieldName, Map<String, Object> arguments) {
    if (typeName.equals("Query") && fieldName.equals("market")) {
      MarketSymbol.fromArguments(arguments);
    }
    listSize(typeName, fieldName, arguments);
  }

  @Override
  public OptionalLong listSize(String typeName, String fieldName, Map<String, Object> arguments) {
    if (typeName.equals("Market") && fieldName.equals("ohlcv")) {
      return OptionalLong.of(MarketDataSchema.checkedLimit(arguments.get("limit")));
    }
    return OptionalLong.empty();
  }
}
