package dev.payql.adapter.simnode.bolt11;

import dev.payql.domain.money.Msat;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * BOLT #11 "Human-Readable Part": {@code ln}, the currency prefix, then an optional amount in
 * bitcoin with an optional multiplier ({@code m} 10^-3, {@code u} 10^-6, {@code n} 10^-9,
 * {@code p} 10^-12). Amounts are held in millisatoshi, the smallest unit a payment can carry.
 */
public record HumanReadablePart(Network network, Optional<Msat> amount) {

  private static final BigInteger MSAT_PER_BTC = BigInteger.valueOf(Msat.PER_BTC);
  private static final BigInteger TEN = BigInteger.TEN;

  public HumanReadablePart {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(amount, "amount");
    if (amount.isPresent() && amount.get().value() < 1) {
      throw new IllegalArgumentException("an invoice amount is positive; leave it out for 'any amount'");
    }
  }

  /**
   * The shortest form, using the largest multiplier that keeps the number whole (BOLT #11: "SHOULD
   * use the shortest representation possible").
   */
  public String format() {
    StringBuilder out = new StringBuilder("ln").append(network.currencyPrefix());
    if (amount.isEmpty()) {
      return out.toString();
    }
    long msat = amount.get().value();
    if (msat % Msat.PER_BTC == 0) {
      return out.append(msat / Msat.PER_BTC).toString();
    }
    if (msat % 100_000_000L == 0) {
      return out.append(msat / 100_000_000L).append('m').toString();
    }
    if (msat % 100_000L == 0) {
      return out.append(msat / 100_000L).append('u').toString();
    }
    if (msat % 100L == 0) {
      return out.append(msat / 100L).append('n').toString();
    }
    // one pico-bitcoin is a tenth of a millisatoshi
    return out.append(BigInteger.valueOf(msat).multiply(TEN)).append('p').toString();
  }

  /** @throws Bolt11FormatException for an unknown prefix, a malformed amount or a sub-msat amount */
  public static HumanReadablePart parse(String hrp) {
    Objects.requireNonNull(hrp, "hrp");
    if (!hrp.startsWith("ln")) {
      throw new Bolt11FormatException("a BOLT11 invoice starts with 'ln'");
    }
    int currencyEnd = 2;
    while (currencyEnd < hrp.length() && Character.isLetter(hrp.charAt(currencyEnd))) {
      currencyEnd++;
    }
    String currency = hrp.substring(2, currencyEnd);
    Network network = Network.ofCurrencyPrefix(currency)
        .orElseThrow(() -> new Bolt11FormatException("unknown currency prefix '" + currency + "'"));
    String amountText = hrp.substring(currencyEnd);
    if (amountText.isEmpty()) {
      return new HumanReadablePart(network, Optional.empty());
    }
    return new HumanReadablePart(network, Optional.of(parseAmount(amountText)));
  }

  private static Msat parseAmount(String text) {
    char last = text.charAt(text.length() - 1);
    boolean hasMultiplier = !Character.isDigit(last);
    String digits = hasMultiplier ? text.substring(0, text.length() - 1) : text;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Bolt11FormatException("the amount '" + text + "' is not a number followed by an optional multiplier");
    }
    if (digits.length() > 30) {
      throw new Bolt11FormatException("the amount '" + text + "' is too large");
    }
    BigInteger value = new BigInteger(digits);
    BigInteger msat = switch (hasMultiplier ? last : ' ') {
      case ' ' -> value.multiply(MSAT_PER_BTC);
      case 'm' -> value.multiply(BigInteger.valueOf(100_000_000L));
      case 'u' -> value.multiply(BigInteger.valueOf(100_000L));
      case 'n' -> value.multiply(BigInteger.valueOf(100L));
      case 'p' -> {
        // BOLT #11: a 'p' amount ends in 0, otherwise it would name a fraction of a millisatoshi
        if (!value.mod(TEN).equals(BigInteger.ZERO)) {
          throw new Bolt11FormatException("the amount '" + text + "' is not a whole number of millisatoshi");
        }
        yield value.divide(TEN);
      }
      default -> throw new Bolt11FormatException("'" + last + "' is not an amount multiplier (m, u, n or p)");
    };
    if (msat.signum() <= 0) {
      throw new Bolt11FormatException("an invoice amount is positive");
    }
    if (msat.bitLength() > 63) {
      throw new Bolt11FormatException("the amount '" + text + "' is too large");
    }
    return new Msat(msat.longValueExact());
  }
}
