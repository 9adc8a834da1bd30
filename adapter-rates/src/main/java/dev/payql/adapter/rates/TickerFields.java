package dev.payql.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Reading prices and times out of ticker JSON, strictly: anything unexpected is unusable. */
final class TickerFields {

  /**
   * No BTC/USD rate has been near either bound; a value outside them is a unit mix-up or garbage,
   * and keeping numbers small keeps every later BigDecimal operation cheap.
   */
  static final BigDecimal LOWEST_PLAUSIBLE = new BigDecimal("0.01");
  static final BigDecimal HIGHEST_PLAUSIBLE = new BigDecimal("100000000");
  private static final int MAX_DECIMALS = 12;

  private TickerFields() {}

  /** A price given as a JSON string ("61234.5", as exchanges send them) or a JSON number. */
  static BigDecimal price(JsonNode node, String what) {
    BigDecimal value;
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new UnusableTickerException(what + " is missing");
    } else if (node.isTextual()) {
      try {
        value = new BigDecimal(node.textValue().strip());
      } catch (NumberFormatException e) {
        throw new UnusableTickerException(what + " is not a number: " + abbreviate(node.textValue()));
      }
    } else if (node.isNumber()) {
      value = node.decimalValue();
    } else {
      throw new UnusableTickerException(what + " is not a number: " + node.getNodeType());
    }
    if (value.compareTo(LOWEST_PLAUSIBLE) < 0 || value.compareTo(HIGHEST_PLAUSIBLE) > 0) {
      throw new UnusableTickerException(what + " is not a plausible USD price of a bitcoin: " + abbreviate(value.toString()));
    }
    value = value.stripTrailingZeros();
    if (value.scale() > MAX_DECIMALS) {
      value = value.setScale(MAX_DECIMALS, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  /** Unix seconds given as a string or a number; absent is allowed, malformed is not. */
  static Optional<Instant> epochSeconds(JsonNode node, String what) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    try {
      long seconds = node.isTextual() ? Long.parseLong(node.textValue().strip())
          : node.canConvertToExactIntegral() && node.canConvertToLong() ? node.longValue() : Long.parseLong(node.asText());
      if (seconds <= 0) {
        throw new UnusableTickerException(what + " is not a time: " + seconds);
      }
      return Optional.of(Instant.ofEpochSecond(seconds));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new UnusableTickerException(what + " is not a time: " + abbreviate(node.asText()));
    }
  }

  static JsonNode object(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new UnusableTickerException(what + " is not a JSON object");
    }
    return node;
  }

  static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "…";
  }
}
