package dev.payql.adapter.http.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Who is asking, for the limits: the connection's peer, or, behind trusted proxies, the address the
 * outermost trusted proxy saw. {@code X-Forwarded-For} lists addresses left to right as proxies
 * appended them, so only its right end is written by proxies of ours; everything to the left of the
 * first untrusted entry is whatever the client chose to send. See docs/adr/0021-client-address.md.
 */
final class ClientAddress {

  /** Cap on entries read from one header: a chain of proxies is short, a header is not. */
  private static final int MAX_ENTRIES = 64;
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final InetAddressSet trusted = new InetAddressSet();
  private final int hops;

  ClientAddress(TrustedProxies proxies) {
    proxies.addresses().forEach(trusted::add);
    this.hops = proxies.hops();
  }

  /**
   * @param peer the address the connection comes from
   * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
   */
  String of(String peer, List<String> forwardedFor) {
    if (hops == 0 && trusted.isEmpty()) {
      return peer;
    }
    List<String> chain = entries(forwardedFor);
    if (hops > 0) {
      // the peer is the last proxy; it appended the address it saw, and so did each proxy before it
      if (chain.isEmpty()) {
        return peer;
      }
      int index = Math.max(0, chain.size() - hops);
      return literal(chain.get(index)).map(InetAddress::getHostAddress).orElse(peer);
    }
    if (!isTrusted(peer)) {
      return peer;
    }
    String client = peer;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Optional<InetAddress> entry = literal(chain.get(i));
      if (entry.isEmpty()) {
        // garbage where a proxy of ours would have written an address: trust nothing further left
        return client;
      }
      client = entry.get().getHostAddress();
      if (!trusted.test(entry.get())) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(String peer) {
    return literal(peer).map(trusted::test).orElse(false);
  }

  private static List<String> entries(List<String> headers) {
    List<String> chain = new ArrayList<>();
    for (String header : headers) {
      for (String entry : header.split(",", MAX_ENTRIES + 1)) {
        if (chain.size() == MAX_ENTRIES) {
          chain.removeFirst(); // the right end is the part written by our proxies; keep it
        }
        chain.add(entry.strip());
      }
    }
    return chain;
  }

  /**
   * An IP literal, never a name: resolving what a client wrote would let it make PayQL query DNS.
   * Accepts {@code 1.2.3.4}, {@code 1.2.3.4:port}, {@code 2001:db8::1} and {@code [2001:db8::1]:port}.
   */
  static Optional<InetAddress> literal(String text) {
    String candidate = text.strip();
    if (candidate.startsWith("[")) {
      int close = candidate.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      candidate = candidate.substring(1, close);
    } else if (candidate.indexOf(':') == candidate.lastIndexOf(':') && candidate.indexOf(':') > 0) {
      candidate = candidate.substring(0, candidate.indexOf(':')); // 1.2.3.4:port
    }
    if (!IPV4.matcher(candidate).matches() && !(candidate.length() <= 45 && IPV6.matcher(candidate).matches())) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(candidate));
    } catch (UnknownHostException notALiteral) {
      return Optional.empty();
    }
  }
}
