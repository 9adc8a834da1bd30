package dev.payql.api.upstream;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Proxy mode: where the GraphQL API being sold runs, and how PayQL talks to it.
 *
 * @param url the upstream's GraphQL endpoint ({@code PAYQL_UPSTREAM_URL})
 * @param sdlFile the upstream's schema as an SDL file; without one it is read by introspection
 * @param refreshInterval how often the schema is read again (introspection or the file)
 * @param headers sent with every forward and introspection, for example an upstream token; never
 *     logged
 * @param timeout deadline of one forward: connecting, sending and the whole answer
 * @param maxResponseBytes a longer answer is not read past this and fails the execution
 * @param startDeadline how long the start retries introspection, with backoff, before giving up
 * @param forwardHeaders lower-case names of the buyer's headers that travel with a paid request
 *     ({@code PAYQL_UPSTREAM_FORWARD_HEADERS}, ADR 0037); never one of {@link #NEVER_FORWARDED}, nor
 *     one of the operator's {@code headers}
 */
public record UpstreamSettings(URI url, Optional<Path> sdlFile, Duration refreshInterval, Map<String, String> headers,
    Duration timeout, long maxResponseBytes, Duration startDeadline, Set<String> forwardHeaders) {

  /**
   * Buyer headers that never travel, listed or not: the buyer's credentials ({@code Authorization},
   * {@code Cookie}), the hop-by-hop headers of RFC 9110 section 7.6.1 (and the proxy's own), the
   * framing PayQL writes itself, and PayQL's payment headers (L402, Payment, x402), which prove a
   * payment to PayQL and are no business of the upstream.
   */
  public static final Set<String> NEVER_FORWARDED = Set.of(
      "authorization", "cookie", "proxy-authorization", "proxy-authenticate", "www-authenticate",
      "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
      "host", "content-length", "content-type", "expect", "accept", "accept-encoding",
      "payment-signature", "payment-required", "payment-response", "payment-receipt", "payql-replay");

  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 4L * 1024 * 1024;
  public static final Duration DEFAULT_START_DEADLINE = Duration.ofMinutes(2);

  public UpstreamSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sdlFile, "sdlFile");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(startDeadline, "startDeadline");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("the upstream URL must be http or https: " + url);
    }
    if (timeout.isNegative() || timeout.isZero() || refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException("the upstream timeout and refresh interval must be positive");
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("the upstream response limit must be at least 1 byte");
    }
    forwardHeaders = Objects.requireNonNull(forwardHeaders, "forwardHeaders").stream().map(name -> name.toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
    for (String name : forwardHeaders) {
      if (!name.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException("'" + name + "' is no header name");
      }
      if (NEVER_FORWARDED.contains(name)) {
        throw new IllegalArgumentException(name + " is never forwarded: it is the buyer's credential, a hop-by-hop"
            + " header, PayQL's framing or one of PayQL's payment headers");
      }
      if (headers.keySet().stream().anyMatch(operator -> operator.equalsIgnoreCase(name))) {
        throw new IllegalArgumentException(name + " is one of the operator's upstream headers, which the buyer"
            + " cannot replace");
      }
    }
  }

  /** {@code url} with the defaults: introspection, refreshed every 5 minutes, no extra headers. */
  public static UpstreamSettings of(URI url) {
    return new UpstreamSettings(url, Optional.empty(), DEFAULT_REFRESH_INTERVAL, Map.of(), DEFAULT_TIMEOUT,
        DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_START_DEADLINE, Set.of());
  }

  public UpstreamSettings withSdlFile(Path file) {
    return new UpstreamSettings(url, Optional.of(file), refreshInterval, headers, timeout, maxResponseBytes, startDeadline,
        forwardHeaders);
  }

  public UpstreamSettings withHeaders(Map<String, String> operatorHeaders) {
    return new UpstreamSettings(url, sdlFile, refreshInterval, operatorHeaders, timeout, maxResponseBytes, startDeadline,
        forwardHeaders);
  }

  public UpstreamSettings withLimits(Duration forwardTimeout, long responseBytes) {
    return new UpstreamSettings(url, sdlFile, refreshInterval, headers, forwardTimeout, responseBytes, startDeadline,
        forwardHeaders);
  }

  public UpstreamSettings withRefresh(Duration interval, Duration deadlineAtStart) {
    return new UpstreamSettings(url, sdlFile, interval, headers, timeout, maxResponseBytes, deadlineAtStart,
        forwardHeaders);
  }

  /** The buyer's headers of {@code names} travel with each paid forward; see {@link #NEVER_FORWARDED}. */
  public UpstreamSettings withForwardHeaders(Set<String> names) {
    return new UpstreamSettings(url, sdlFile, refreshInterval, headers, timeout, maxResponseBytes, startDeadline,
        names);
  }

  @Override
  public String toString() {
    // header values are secrets (tokens): only their names are shown
    return "UpstreamSettings[url=" + url + ", sdlFile=" + sdlFile + ", refreshInterval=" + refreshInterval
        + ", headers=" + headers.keySet() + ", timeout=" + timeout + ", maxResponseBytes=" + maxResponseBytes
        + ", startDeadline=" + startDeadline + ", forwardHeaders=" + forwardHeaders + "]";
  }
}
