package dev.payql.adapter.persistence.store;

import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.StoredResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest version of each of the most recently written purchases, as the store confirmed it:
 * what {@link ReplayingH2Store} writes back if H2 reopens its file without it. Bounded in count
 * and in the bytes of stored responses, the oldest writes leaving first.
 */
public final class AcknowledgedWrites {

  /** About half a minute of writes at the most an embedded store commits (ADR 0013). */
  public static final int DEFAULT_CAPACITY = 50_000;
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

  private final int capacity;
  private final long maxResponseBytes;
  /** In the order of each purchase's latest write; guarded by this. */
  private final LinkedHashMap<String, Purchase> latest = new LinkedHashMap<>();
  private long responseBytes;

  public AcknowledgedWrites(int capacity, long maxResponseBytes) {
    if (capacity < 1 || maxResponseBytes < 0) {
      throw new IllegalArgumentException("capacity must be positive and the byte bound not negative");
    }
    this.capacity = capacity;
    this.maxResponseBytes = maxResponseBytes;
  }

  public static AcknowledgedWrites withDefaults() {
    return new AcknowledgedWrites(DEFAULT_CAPACITY, DEFAULT_MAX_RESPONSE_BYTES);
  }

  synchronized void record(Purchase confirmed) {
    Purchase previous = latest.remove(confirmed.keyDigest().hex());
    if (previous != null) {
      responseBytes -= responseBytes(previous);
    }
    latest.put(confirmed.keyDigest().hex(), confirmed);
    responseBytes += responseBytes(confirmed);
    Iterator<Map.Entry<String, Purchase>> oldest = latest.entrySet().iterator();
    while (latest.size() > 1 && (latest.size() > capacity || responseBytes > maxResponseBytes)) {
      responseBytes -= responseBytes(oldest.next().getValue());
      oldest.remove();
    }
  }

  /** Oldest first. */
  synchronized List<Purchase> latest() {
    return new ArrayList<>(latest.values());
  }

  synchronized int size() {
    return latest.size();
  }

  private static int responseBytes(Purchase purchase) {
    return purchase.response().map(StoredResponse::length).orElse(0);
  }
}
