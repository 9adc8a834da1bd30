package dev.payql.adapter.lnd;

import dev.payql.domain.lightning.Preimage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes LND's AddInvoice idempotent by label. LND has no invoice labels and AddInvoice creates a new
 * invoice on every call, so a retry after a lost answer would issue a second one. Instead PayQL picks
 * the preimage itself (AddInvoice's {@code r_preimage}), a fresh random secret per label, and reuses
 * it on a retry: LND then refuses with "invoice with payment hash already exists" and the invoice is
 * looked up by that hash. The preimages live only in memory and only until their invoice expires;
 * they are never derived from anything, because whoever knows a preimage holds proof of payment.
 */
final class InvoicePreimages {

  /** More invoices than this open at once would be a flood; the oldest retries lose idempotency. */
  private static final int MAX_ENTRIES = 100_000;

  private record Entry(Preimage preimage, Instant forgetAfter) {}

  private final Map<String, Entry> byLabel = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  InvoicePreimages(Clock clock) {
    this.clock = clock;
  }

  /** The preimage for this label: the one chosen before if the label is known, else a new one. */
  synchronized Preimage forLabel(String label, Duration expiry) {
    Instant now = clock.instant();
    forgetLapsed(now);
    Entry entry = byLabel.get(label);
    if (entry == null) {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      entry = new Entry(Preimage.of(secret), now.plus(expiry).plus(Duration.ofMinutes(1)));
      byLabel.put(label, entry);
    }
    return entry.preimage();
  }

  synchronized int size() {
    return byLabel.size();
  }

  private void forgetLapsed(Instant now) {
    Iterator<Entry> entries = byLabel.values().iterator();
    while (entries.hasNext()) {
      Entry entry = entries.next();
      if (now.isAfter(entry.forgetAfter()) || byLabel.size() >= MAX_ENTRIES) {
        entries.remove();
      }
    }
  }
}
