package dev.payql.adapter.simnode.bolt11;

import java.util.Arrays;
import java.util.Optional;

/** Bitcoin networks and their BOLT #11 currency prefixes (after {@code ln}). */
public enum Network {
  MAINNET("bc", "mainnet"),
  TESTNET("tb", "testnet"),
  SIGNET("tbs", "signet"),
  REGTEST("bcrt", "regtest");

  private final String currencyPrefix;
  private final String displayName;

  Network(String currencyPrefix, String displayName) {
    this.currencyPrefix = currencyPrefix;
    this.displayName = displayName;
  }

  /** The BIP-173 currency prefix: {@code bc}, {@code tb}, {@code tbs} or {@code bcrt}. */
  public String currencyPrefix() {
    return currencyPrefix;
  }

  /** The name node APIs use: {@code mainnet}, {@code testnet}, {@code signet}, {@code regtest}. */
  public String displayName() {
    return displayName;
  }

  static Optional<Network> ofCurrencyPrefix(String prefix) {
    return Arrays.stream(values()).filter(n -> n.currencyPrefix.equals(prefix)).findFirst();
  }
}
