package dev.payql.adapter.http.web;

import java.util.List;
import java.util.Objects;

/**
 * The proxies in front of PayQL whose {@code X-Forwarded-For} is believed, said one of two ways:
 * by their addresses ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1}), or by how many there are
 * in a row ({@code hops}). Neither: the connection's peer is the client and the header is ignored.
 * See docs/adr/0021-client-address.md.
 *
 * @param addresses addresses or ranges (CIDR {@code a.b.c.d/n}, or {@code first-last}) of trusted proxies
 * @param hops how many proxies, each appending to {@code X-Forwarded-For}, stand between the
 *     client and PayQL
 */
public record TrustedProxies(List<String> addresses, int hops) {

  /** More hops than any real chain of proxies; a bigger number is a typo. */
  public static final int MAX_HOPS = 16;

  public TrustedProxies {
    addresses = List.copyOf(addresses);
    addresses.forEach(a -> Objects.requireNonNull(a, "address"));
    if (hops < 0 || hops > MAX_HOPS) {
      throw new IllegalArgumentException("proxy hops are 0 to " + MAX_HOPS + ": " + hops);
    }
    if (hops > 0 && !addresses.isEmpty()) {
      throw new IllegalArgumentException("name the trusted proxies or count them, not both");
    }
  }

  public static TrustedProxies none() {
    return new TrustedProxies(List.of(), 0);
  }

  public static TrustedProxies at(List<String> addresses) {
    return new TrustedProxies(addresses, 0);
  }

  public static TrustedProxies hops(int count) {
    return new TrustedProxies(List.of(), count);
  }
}
