package dev.payql.adapter.lnd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one LND node.
 *
 * @param host where LND's gRPC interface listens (its {@code rpclisten}); must be a name in the
 *     node's TLS certificate (LND adds names with {@code tlsextradomain} / {@code tlsextraip})
 * @param port LND's gRPC port, 10009 by default
 * @param tlsCertPath the node's {@code tls.cert}, trusted as the only root
 * @param macaroonPath a macaroon file (binary as LND writes it, or its hex text)
 * @param callTimeout deadline of every ordinary call
 * @param paymentTimeout how long LND may try routes for a refund (SendPaymentV2's
 *     {@code timeout_seconds}, whole seconds); PayQL waits that plus {@code callTimeout} for the
 *     outcome before reporting the payment as still in flight
 */
public record LndConfig(
    String host, int port, Path tlsCertPath, Path macaroonPath, Duration callTimeout, Duration paymentTimeout) {

  public static final int DEFAULT_PORT = 10009;
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PAYMENT_TIMEOUT = Duration.ofSeconds(60);

  public LndConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tlsCertPath, "tlsCertPath");
    Objects.requireNonNull(macaroonPath, "macaroonPath");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(paymentTimeout, "paymentTimeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the LND host is empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("the LND port must be 1..65535, not " + port);
    }
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("the LND call timeout must be positive");
    }
    if (paymentTimeout.toSeconds() < 1 || paymentTimeout.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the LND payment timeout is whole seconds, at least 1 (timeout_seconds)");
    }
  }

  /** A node with the default timeouts. */
  public static LndConfig of(String host, int port, Path tlsCertPath, Path macaroonPath) {
    return new LndConfig(host, port, tlsCertPath, macaroonPath, DEFAULT_CALL_TIMEOUT, DEFAULT_PAYMENT_TIMEOUT);
  }

  public LndConfig withCallTimeout(Duration timeout) {
    return new LndConfig(host, port, tlsCertPath, macaroonPath, timeout, paymentTimeout);
  }

  public LndConfig withPaymentTimeout(Duration timeout) {
    return new LndConfig(host, port, tlsCertPath, macaroonPath, callTimeout, timeout);
  }

  /** The longest a refund payment is waited for: LND's own timeout, then a call's time to say how it ended. */
  public Duration paymentDeadline() {
    return paymentTimeout.plus(callTimeout);
  }

  public String address() {
    return host + ":" + port;
  }
}
