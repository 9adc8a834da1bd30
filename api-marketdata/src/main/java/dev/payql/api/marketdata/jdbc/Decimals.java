package dev.payql.api.marketdata.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as the API shows them: no trailing zeros from the column's scale, never exponent form. */
final class Decimals {

  private Decimals() {}

  static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
  }

  static BigDecimal plain(BigDecimal value, int maxScale) {
    return plain(value.setScale(Math.min(value.scale(), maxScale), RoundingMode.HALF_EVEN));
  }
}
