package dev.payql.api.marketdata.data;

import java.util.Objects;

public record Asset(String assetSymbol, String assetName) {
  public Asset {
    Objects.requireNonNull(assetSymbol, "assetSymbol");
    Objects.requireNonNull(assetName, "assetName");
  }
}
