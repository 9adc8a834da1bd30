package dev.payql.ports.out.market;

import java.util.Objects;

public record Asset(String assetSymbol, String assetName) {
  public Asset {
    Objects.requireNonNull(assetSymbol, "assetSymbol");
    Objects.requireNonNull(assetName, "assetName");
  }
}
