package dev.payql.adapter.cln;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a Core Lightning node: its {@code lightning-rpc} unix socket on this host, or CLNRest
 * over HTTPS with a rune for a node elsewhere.
 *
 * @param transport which of the two
 * @param socketPath the {@code lightning-rpc} file (socket transport)
 * @param restUrl CLNRest's base URL, e.g. {@code https://node.example:3010} (REST transport)
 * @param runePath a file holding the rune, never the rune itself, so it stays out of environments
 *     and process listings (REST transport)
 * @param restCertPath CLNRest's CA certificate (PEM), the only trust root for its TLS (REST
 *     transport)
 * @param callTimeout deadline of every call except {@code pay} and {@code waitanyinvoice}
 * @param payTimeout how long {@code pay} may keep retrying routes (its {@code retry_for})
 * @param waitTimeout how long one {@code waitanyinvoice} may block before it is asked again
 * @param reconnectDelay first wait before the settlement stream reconnects; doubles up to
 *     {@code maxReconnectDelay}
 * @param maxReconnectDelay the cap of that back-off
 */
public record ClnConfig(
    Transport transport,
    Optional<Path> socketPath,
    Optional<URI> restUrl,
    Optional<Path> runePath,
    Optional<Path> restCertPath,
    Duration callTimeout,
    Duration payTimeout,
    Duration waitTimeout,
    Duration reconnectDelay,
    Duration maxReconnectDelay) {

  public enum Transport { SOCKET, REST }

  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PAY_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

  public ClnConfig {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(socketPath, "socketPath");
    Objects.requireNonNull(restUrl, "restUrl");
    Objects.requireNonNull(runePath, "runePath");
    Objects.requireNonNull(restCertPath, "restCertPath");
    requirePositive(callTimeout, "callTimeout");
    requirePositive(payTimeout, "payTimeout");
    requirePositive(waitTimeout, "waitTimeout");
    requirePositive(reconnectDelay, "reconnectDelay");
    requirePositive(maxReconnectDelay, "maxReconnectDelay");
    if (waitTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("waitTimeout is whole seconds, at least 1 (waitanyinvoice's timeout)");
    }
    if (payTimeout.toSeconds() < 1 || payTimeout.toSeconds() > 65_535) {
      throw new IllegalArgumentException("payTimeout is 1 to 65535 seconds (pay's retry_for is a u16)");
    }
    if (maxReconnectDelay.compareTo(reconnectDelay) < 0) {
      throw new IllegalArgumentException("maxReconnectDelay must not be shorter than reconnectDelay");
    }
    switch (transport) {
      case SOCKET -> {
        if (socketPath.isEmpty()) {
          throw new IllegalArgumentException("the socket transport needs the path of lightning-rpc (PAYQL_CLN_RPC_SOCKET)");
        }
      }
      case REST -> {
        if (restUrl.isEmpty() || runePath.isEmpty() || restCertPath.isEmpty()) {
          throw new IllegalArgumentException("the REST transport needs PAYQL_CLN_REST_URL, PAYQL_CLN_RUNE (a file holding"
              + " the rune) and PAYQL_CLN_REST_CERT (CLNRest's CA certificate)");
        }
        String scheme = restUrl.get().getScheme();
        if (!"https".equalsIgnoreCase(scheme)) {
          throw new IllegalArgumentException("CLNRest is reached over https, not " + scheme + ": the rune must not travel in clear");
        }
      }
    }
  }

  /** Core Lightning on this host, through its {@code lightning-rpc} socket. */
  public static ClnConfig socket(Path socketPath) {
    return new ClnConfig(Transport.SOCKET, Optional.of(socketPath), Optional.empty(), Optional.empty(), Optional.empty(),
        DEFAULT_CALL_TIMEOUT, DEFAULT_PAY_TIMEOUT, DEFAULT_WAIT_TIMEOUT, DEFAULT_RECONNECT_DELAY,
        DEFAULT_MAX_RECONNECT_DELAY);
  }

  /** Core Lightning elsewhere, through CLNRest. */
  public static ClnConfig rest(URI restUrl, Path runePath, Path restCertPath) {
    return new ClnConfig(Transport.REST, Optional.empty(), Optional.of(restUrl), Optional.of(runePath),
        Optional.of(restCertPath), DEFAULT_CALL_TIMEOUT, DEFAULT_PAY_TIMEOUT, DEFAULT_WAIT_TIMEOUT,
        DEFAULT_RECONNECT_DELAY, DEFAULT_MAX_RECONNECT_DELAY);
  }

  /**
   * Reads {@code PAYQL_CLN_*} settings: {@code PAYQL_CLN_REST_URL} chooses CLNRest (with
   * {@code PAYQL_CLN_RUNE} and {@code PAYQL_CLN_REST_CERT}), otherwise {@code PAYQL_CLN_RPC_SOCKET}
   * is the socket; {@code PAYQL_CLN_TIMEOUT} is the call deadline in seconds or ISO-8601
   * ({@code PT10S}).
   */
  public static ClnConfig fromEnvironment(Map<String, String> env) {
    Optional<String> restUrl = value(env, "PAYQL_CLN_REST_URL");
    ClnConfig config;
    if (restUrl.isPresent()) {
      config = rest(URI.create(restUrl.get()),
          Path.of(value(env, "PAYQL_CLN_RUNE").orElseThrow(() -> missing("PAYQL_CLN_RUNE"))),
          Path.of(value(env, "PAYQL_CLN_REST_CERT").orElseThrow(() -> missing("PAYQL_CLN_REST_CERT"))));
    } else {
      config = socket(Path.of(value(env, "PAYQL_CLN_RPC_SOCKET").orElseThrow(() -> missing("PAYQL_CLN_RPC_SOCKET"))));
    }
    return value(env, "PAYQL_CLN_TIMEOUT").map(ClnConfig::parseDuration).map(config::withCallTimeout).orElse(config);
  }

  public ClnConfig withCallTimeout(Duration timeout) {
    return new ClnConfig(transport, socketPath, restUrl, runePath, restCertPath, timeout, payTimeout, waitTimeout,
        reconnectDelay, maxReconnectDelay);
  }

  public ClnConfig withPayTimeout(Duration timeout) {
    return new ClnConfig(transport, socketPath, restUrl, runePath, restCertPath, callTimeout, timeout, waitTimeout,
        reconnectDelay, maxReconnectDelay);
  }

  public ClnConfig withWaitTimeout(Duration timeout) {
    return new ClnConfig(transport, socketPath, restUrl, runePath, restCertPath, callTimeout, payTimeout, timeout,
        reconnectDelay, maxReconnectDelay);
  }

  public ClnConfig withReconnectDelays(Duration first, Duration max) {
    return new ClnConfig(transport, socketPath, restUrl, runePath, restCertPath, callTimeout, payTimeout, waitTimeout,
        first, max);
  }

  /** Where the node is, for messages and logs; never the rune. */
  public String endpoint() {
    return transport == Transport.SOCKET ? socketPath.orElseThrow().toString() : restUrl.orElseThrow().toString();
  }

  private static Optional<String> value(Map<String, String> env, String key) {
    return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException(key + " is required for the Core Lightning backend");
  }

  private static Duration parseDuration(String text) {
    try {
      return text.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(text) : Duration.ofSeconds(Long.parseLong(text));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("PAYQL_CLN_TIMEOUT is seconds or an ISO-8601 duration, not '" + text + "'");
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
