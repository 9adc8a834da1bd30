package dev.payql.ports.out.query;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Headers of the buyer's paid request that the API being sold asked for
 * ({@link QueryEngine#forwardedHeaderNames}), by lower-case name. Only those names are ever copied
 * in here, so the buyer's key and payment headers never enter it. They travel with that one
 * execution and are not part of what was bought: the request fingerprint never sees them.
 */
public record ForwardedHeaders(Map<String, List<String>> values) {

  private static final ForwardedHeaders NONE = new ForwardedHeaders(Map.of());

  public ForwardedHeaders {
    Map<String, List<String>> copy = new TreeMap<>();
    values.forEach((name, list) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(list)));
    values = Map.copyOf(copy);
  }

  public static ForwardedHeaders none() {
    return NONE;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    // values may be the buyer's tokens: only the names are shown
    return "ForwardedHeaders" + values.keySet();
  }
}
