package dev.payql.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executions PayQL's processes wrote to their log (see {@code dev.payql.faults.server.ExecutionLog}),
 * with the harness's {@code killed}/{@code stopped} lines, read back once every process is gone.
 * The order of lines is the order of events: one file, appended to by one write per line.
 *
 * <p>An execution is <em>doubled</em> (the anomaly "served twice") when it began after the execution
 * whose answer the buyer got had finished, or while another execution of the same request was in
 * progress; an execution cut short by its process's death, or finished but never answered before
 * that death, followed by one that was answered, is a <em>re-execution after a crash</em>: allowed,
 * since its answer never reached anyone (ADR 0005), and counted apart.
 */
final class ExecutionHistory {

  /** One execution: from its {@code begin} line to its {@code done} line, or its process's end. */
  record Execution(String id, long pid, String fingerprint, int begin, int end, String outcome) {

    boolean overlaps(Execution other) {
      return begin < other.end && other.begin < end;
    }
  }

  /** What the log says about one sale's request. */
  record Verdict(List<Execution> executions, List<Execution> doubled, List<Execution> reExecutedAfterCrash,
      boolean answerUnknownToLog) {}

  private final Map<String, List<Execution>> byFingerprint;
  private final Map<Long, Long> startClocks;

  private ExecutionHistory(Map<String, List<Execution>> byFingerprint, Map<Long, Long> startClocks) {
    this.byFingerprint = byFingerprint;
    this.startClocks = startClocks;
  }

  static ExecutionHistory read(Path log) {
    List<String> lines;
    try {
      lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.US_ASCII) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Long, Integer> endOfProcess = new HashMap<>();
    Map<Long, Long> startClocks = new LinkedHashMap<>();
    Map<String, Integer> doneAt = new HashMap<>();
    Map<String, String> outcomes = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(" ");
      switch (f[0]) {
        case "start" -> startClocks.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
        case "killed", "stopped" -> endOfProcess.putIfAbsent(Long.parseLong(f[1]), i);
        case "done" -> {
          doneAt.put(f[2], i);
          outcomes.put(f[2], f[4]);
        }
        default -> { }
      }
    }
    Map<String, List<Execution>> byFingerprint = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(" ");
      if (f[0].equals("begin")) {
        long pid = Long.parseLong(f[1]);
        String id = f[2];
        int end = doneAt.getOrDefault(id, endOfProcess.getOrDefault(pid, Integer.MAX_VALUE));
        byFingerprint.computeIfAbsent(f[3], k -> new ArrayList<>())
            .add(new Execution(id, pid, f[3], i, end, outcomes.getOrDefault(id, "cut short")));
      }
    }
    return new ExecutionHistory(byFingerprint, startClocks);
  }

  List<Execution> of(String fingerprint) {
    return byFingerprint.getOrDefault(fingerprint, List.of());
  }

  int total() {
    return byFingerprint.values().stream().mapToInt(List::size).sum();
  }

  /** The wall clock each process read when it started (epoch millis), by pid. */
  Optional<Long> startClockOf(long pid) {
    return Optional.ofNullable(startClocks.get(pid));
  }

  /**
   * Judges one request's executions against the answer the buyer holds ({@code delivered}: the
   * execution its 200 named, or empty if it never got one).
   */
  Verdict judge(String fingerprint, Optional<String> delivered) {
    List<Execution> executions = of(fingerprint);
    Optional<Execution> answered = delivered.flatMap(id -> executions.stream().filter(e -> e.id().equals(id)).findFirst());
    List<Execution> doubled = new ArrayList<>();
    for (int i = 0; i < executions.size(); i++) {
      Execution later = executions.get(i);
      boolean afterTheAnswer = answered.isPresent() && later != answered.get() && later.begin() > answered.get().end();
      boolean concurrent = executions.subList(0, i).stream().anyMatch(earlier -> earlier.overlaps(later));
      if (afterTheAnswer || concurrent) {
        doubled.add(later);
      }
    }
    List<Execution> reExecuted = new ArrayList<>(executions);
    reExecuted.removeAll(doubled);
    answered.ifPresent(reExecuted::remove);
    if (answered.isEmpty() && !reExecuted.isEmpty()) {
      reExecuted.remove(0);
    }
    return new Verdict(executions, doubled, reExecuted, delivered.isPresent() && answered.isEmpty());
  }

  /** Every sale judged; see {@link Verdict}. */
  Map<Sale, Verdict> judge(Collection<Sale> sales) {
    Map<Sale, Verdict> verdicts = new LinkedHashMap<>();
    for (Sale sale : sales) {
      verdicts.put(sale, judge(sale.fingerprint, Optional.ofNullable(sale.execution)));
    }
    return verdicts;
  }
}
