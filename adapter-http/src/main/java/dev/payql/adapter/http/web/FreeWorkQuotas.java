package dev.payql.adapter.http.web;

import io.javalin.http.Context;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Rations what a client can make PayQL do without paying (docs/adr/0020-limits-on-free-work.md):
 * invoices, {@code /graphql} calls that run nothing paid, status requests, and long polls held
 * open. Each refusal is a problem raised before the node or the store is asked anything.
 */
final class FreeWorkQuotas {

  /** Told to a client over the long-poll cap: a poll frees its slot within a minute at most. */
  static final Duration LONG_POLL_RETRY_AFTER = Duration.ofSeconds(5);

  private final ClientAddress addresses;
  private final ClientBuckets invoices;
  private final ClientBuckets unpaidAttempts;
  private final ClientBuckets statusRequests;
  private final int longPollsPerClient;
  private final Semaphore longPollsInAll;
  private final ConcurrentHashMap<String, Integer> longPolls = new ConcurrentHashMap<>();

  FreeWorkQuotas(ClientLimits limits, TrustedProxies proxies, LongSupplier nanoTime) {
    this.addresses = new ClientAddress(proxies);
    this.invoices = new ClientBuckets(limits.invoicesPerMinute(), limits.trackedClients(), nanoTime);
    this.unpaidAttempts = new ClientBuckets(limits.unpaidAttemptsPerMinute(), limits.trackedClients(), nanoTime);
    this.statusRequests = new ClientBuckets(limits.statusRequestsPerMinute(), limits.trackedClients(), nanoTime);
    this.longPollsPerClient = limits.longPollsPerClient();
    this.longPollsInAll = new Semaphore(limits.longPollsInAll());
  }

  /**
   * The client a request counts against: its address (behind trusted proxies, the one they saw),
   * IPv6 addresses by their /64, which one subscriber usually holds whole.
   */
  String client(Context ctx) {
    String address = addresses.of(ctx.req().getRemoteAddr(),
        Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    return ClientAddress.literal(address).map(FreeWorkQuotas::bucketKey).orElse(address);
  }

  void invoice(String client) {
    invoices.take(client).ifPresent(wait -> {
      throw new ProblemException(Problem.of(429, "rate_limited", "Too many invoices",
          "this address asked for too many invoices; retry after Retry-After seconds").retryAfter(wait).closing());
    });
  }

  /** Takes a token for a {@code /graphql} call; {@link #paidFor} gives it back if the call ran paid work. */
  void unpaidAttempt(String client) {
    unpaidAttempts.take(client).ifPresent(wait -> {
      throw new ProblemException(Problem.of(429, "too_many_unpaid_attempts", "Too many unpaid attempts",
          "this address sent too many requests with no key, or a key that is unknown, unpaid or lapsed; "
              + "retry after Retry-After seconds").retryAfter(wait).closing());
    });
  }

  void paidFor(String client) {
    unpaidAttempts.giveBack(client);
  }

  void statusRequest(String client) {
    statusRequests.take(client).ifPresent(wait -> {
      throw new ProblemException(Problem.of(429, "too_many_status_requests", "Too many status requests",
          "this address asked for invoice status too often; retry after Retry-After seconds, or wait on one "
              + "request with ?wait=N").retryAfter(wait));
    });
  }

  /** Holds a long-poll slot for {@code client} until the returned slot is closed. */
  LongPoll longPoll(String client) {
    boolean[] admitted = {false};
    longPolls.compute(client, (c, held) -> {
      int now = held == null ? 0 : held;
      if (now >= longPollsPerClient) {
        return held;
      }
      admitted[0] = true;
      return now + 1;
    });
    if (!admitted[0]) {
      throw new ProblemException(Problem.of(429, "too_many_long_polls", "Too many long polls",
          "this address already waits on " + longPollsPerClient + " status requests; wait for one to answer")
          .retryAfter(LONG_POLL_RETRY_AFTER));
    }
    if (!longPollsInAll.tryAcquire()) {
      release(client);
      throw new ProblemException(Problem.of(503, "long_polls_full", "Too many long polls",
          "PayQL holds as many waiting status requests as it allows; retry, or ask without wait")
          .retryAfter(LONG_POLL_RETRY_AFTER));
    }
    return () -> {
      longPollsInAll.release();
      release(client);
    };
  }

  /** A held long-poll slot; closing it frees the slot. */
  @FunctionalInterface
  interface LongPoll extends AutoCloseable {
    @Override
    void close();
  }

  private void release(String client) {
    longPolls.computeIfPresent(client, (c, held) -> held <= 1 ? null : held - 1);
  }

  private static String bucketKey(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
      }
      return prefix.append(":/64").toString();
    }
    return address.getHostAddress();
  }
}
