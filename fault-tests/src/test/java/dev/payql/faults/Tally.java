package dev.payql.faults;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Every HTTP request of a run, by the answer it got: the "requests" and "5xx" columns. */
final class Tally {

  private static final int KEPT_SAMPLES = 5;

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final List<String> serverErrorSamples = new CopyOnWriteArrayList<>();

  void requestSent() {
    sent.incrementAndGet();
  }

  /** The connection broke or was refused: the process was killed, or was not up yet. */
  void unanswered() {
    unanswered.incrementAndGet();
  }

  void answered(String path, Shop.Answer answer) {
    byStatus.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
    if (answer.status() >= 500 && answer.status() != 503 && serverErrorSamples.size() < KEPT_SAMPLES) {
      String text = answer.text();
      serverErrorSamples.add(answer.status() + " on " + path + ": " + text.substring(0, Math.min(300, text.length())));
    }
  }

  long sent() {
    return sent.get();
  }

  long unansweredCount() {
    return unanswered.get();
  }

  long count(int status) {
    AtomicLong count = byStatus.get(status);
    return count == null ? 0 : count.get();
  }

  /** 5xx other than 503: always a bug (DESIGN.md 1.4). */
  long serverErrors() {
    return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
        .mapToLong(e -> e.getValue().get()).sum();
  }

  List<String> serverErrorSamples() {
    return List.copyOf(serverErrorSamples);
  }

  Map<Integer, Long> byStatus() {
    Map<Integer, Long> copy = new TreeMap<>();
    byStatus.forEach((status, count) -> copy.put(status, count.get()));
    return copy;
  }
}
