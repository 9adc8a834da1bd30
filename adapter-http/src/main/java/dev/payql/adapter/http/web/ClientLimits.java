package dev.payql.adapter.http.web;

/**
 * What one client (one address, see {@link TrustedProxies}) may make PayQL do without paying, each
 * a token bucket refilled evenly over a minute, and how many long polls may wait at once. A limit
 * of 0 switches that bucket off. Why these and not others: docs/adr/0020-limits-on-free-work.md.
 *
 * @param invoicesPerMinute {@code POST /api/invoice}: each costs the node an invoice
 * @param unpaidAttemptsPerMinute {@code POST /graphql} with a key that is unknown, unpaid or lapsed:
 *     each costs a store read and, for an unpaid key, a node lookup
 * @param statusRequestsPerMinute {@code GET /api/invoice/status}, waiting or not
 * @param longPollsPerClient status requests with {@code wait} held open at once by one client
 * @param longPollsInAll status requests with {@code wait} held open at once by everyone
 * @param trackedClients clients whose buckets are remembered; beyond it the least recently seen
 *     are forgotten (they start again with a full bucket), so memory stays bounded
 */
public record ClientLimits(int invoicesPerMinute, int unpaidAttemptsPerMinute, int statusRequestsPerMinute,
    int longPollsPerClient, int longPollsInAll, int trackedClients) {

  public static final int DEFAULT_INVOICES_PER_MINUTE = 60;
  public static final int DEFAULT_UNPAID_ATTEMPTS_PER_MINUTE = 60;
  public static final int DEFAULT_STATUS_REQUESTS_PER_MINUTE = 120;
  public static final int DEFAULT_LONG_POLLS_PER_CLIENT = 4;
  public static final int DEFAULT_LONG_POLLS_IN_ALL = 1_000;
  public static final int DEFAULT_TRACKED_CLIENTS = 100_000;
  /** Above this a "limit" limits nothing; a typo more likely than an intention. */
  public static final int MAX_PER_MINUTE = 1_000_000;

  public ClientLimits {
    perMinute(invoicesPerMinute, "invoicesPerMinute");
    perMinute(unpaidAttemptsPerMinute, "unpaidAttemptsPerMinute");
    perMinute(statusRequestsPerMinute, "statusRequestsPerMinute");
    if (longPollsPerClient < 0 || longPollsInAll < 0) {
      throw new IllegalArgumentException("long poll caps are 0 (no long polls) or more");
    }
    if (longPollsPerClient > longPollsInAll) {
      throw new IllegalArgumentException("one client's long polls (" + longPollsPerClient
          + ") cannot exceed everyone's (" + longPollsInAll + ")");
    }
    if (trackedClients < 1) {
      throw new IllegalArgumentException("at least one client must be tracked: " + trackedClients);
    }
  }

  public static ClientLimits defaults() {
    return new ClientLimits(DEFAULT_INVOICES_PER_MINUTE, DEFAULT_UNPAID_ATTEMPTS_PER_MINUTE,
        DEFAULT_STATUS_REQUESTS_PER_MINUTE, DEFAULT_LONG_POLLS_PER_CLIENT, DEFAULT_LONG_POLLS_IN_ALL,
        DEFAULT_TRACKED_CLIENTS);
  }

  /** No per-minute limit at all; long polls still capped by the defaults. */
  public static ClientLimits off() {
    return new ClientLimits(0, 0, 0, DEFAULT_LONG_POLLS_PER_CLIENT, DEFAULT_LONG_POLLS_IN_ALL, DEFAULT_TRACKED_CLIENTS);
  }

  public ClientLimits withInvoicesPerMinute(int perMinute) {
    return new ClientLimits(perMinute, unpaidAttemptsPerMinute, statusRequestsPerMinute, longPollsPerClient,
        longPollsInAll, trackedClients);
  }

  public ClientLimits withUnpaidAttemptsPerMinute(int perMinute) {
    return new ClientLimits(invoicesPerMinute, perMinute, statusRequestsPerMinute, longPollsPerClient,
        longPollsInAll, trackedClients);
  }

  public ClientLimits withStatusRequestsPerMinute(int perMinute) {
    return new ClientLimits(invoicesPerMinute, unpaidAttemptsPerMinute, perMinute, longPollsPerClient,
        longPollsInAll, trackedClients);
  }

  public ClientLimits withLongPolls(int perClient, int inAll) {
    return new ClientLimits(invoicesPerMinute, unpaidAttemptsPerMinute, statusRequestsPerMinute, perClient, inAll,
        trackedClients);
  }

  public ClientLimits withTrackedClients(int clients) {
    return new ClientLimits(invoicesPerMinute, unpaidAttemptsPerMinute, statusRequestsPerMinute, longPollsPerClient,
        longPollsInAll, clients);
  }

  private static void perMinute(int value, String name) {
    if (value < 0 || value > MAX_PER_MINUTE) {
      throw new IllegalArgumentException(name + " is 0 (off) to " + MAX_PER_MINUTE + ": " + value);
    }
  }
}
