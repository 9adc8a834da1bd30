package dev.payql.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Jepsen-style account of one fault run: one row of figures (cycles, faults, requests,
 * acknowledged, lost, doubled, 5xx...) and every anomaly by name with its examples. Printed, written
 * to {@code fault-tests/target/fault-reports/NAME.md}, and {@link #assertNoAnomalies() asserted}: a
 * single anomaly fails the test.
 */
final class FaultReport {

  private static final int EXAMPLES = 5;

  private final String name;
  private final String title;
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Map<String, List<String>> anomalies = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  FaultReport(String name, String title) {
    this.name = name;
    this.title = title;
  }

  FaultReport figure(String column, Object value) {
    figures.put(column, value);
    return this;
  }

  /** An anomaly, once per occurrence; each one fails the run. */
  FaultReport anomaly(String kind, String occurrence) {
    anomalies.computeIfAbsent(kind, k -> new ArrayList<>()).add(occurrence);
    return this;
  }

  FaultReport note(String line) {
    notes.add(line);
    return this;
  }

  /** The figures and anomalies every run has: what the buyers saw, judged against the execution log. */
  FaultReport outcomes(Workload workload, ExecutionHistory history) {
    List<Sale> sales = workload.sales();
    Map<Sale, ExecutionHistory.Verdict> verdicts = history.judge(sales);
    Tally tally = workload.tally();
    long lost = sales.stream().filter(s -> s.stage == Sale.Stage.LOST && s.payConfirmed).count();
    int doubled = verdicts.values().stream().mapToInt(v -> v.doubled().size()).sum();
    int reExecuted = verdicts.values().stream().mapToInt(v -> v.reExecutedAfterCrash().size()).sum();
    figure("requests", tally.sent());
    figure("no answer", tally.unansweredCount());
    figure("keys bought", sales.size());
    figure("paid (confirmed)", sales.stream().filter(s -> s.payConfirmed).count());
    figure("answered (200)", sales.stream().filter(s -> s.answer != null).count());
    figure("lost", lost);
    figure("doubled", doubled);
    figure("5xx (not 503)", tally.serverErrors());
    figure("503", tally.count(503));
    for (Sale sale : sales) {
      if (sale.stage == Sale.Stage.LOST) {
        anomaly(sale.payConfirmed ? "lost (paid, never answered)" : "invoice lost (issued, then no payment possible)",
            "sale " + sale.number + ": " + sale.lostBecause);
      }
      if (sale.answerLostBecause != null) {
        anomaly("answer lost (answered, then no replay)", "sale " + sale.number + ": " + sale.answerLostBecause);
      }
      if (sale.otherAnswers > 0) {
        anomaly("answered twice (a second, different 200 for one key)", "sale " + sale.number + ": "
            + sale.otherAnswers + " other answer(s)");
      }
      ExecutionHistory.Verdict verdict = verdicts.get(sale);
      for (ExecutionHistory.Execution twice : verdict.doubled()) {
        anomaly("doubled (executed again after its answer, or beside another execution)", "sale " + sale.number
            + ": execution " + twice.id() + " of " + verdict.executions().stream().map(ExecutionHistory.Execution::id).toList()
            + (sale.execution == null ? "" : ", answered by " + sale.execution));
      }
      if (verdict.answerUnknownToLog()) {
        anomaly("answer names no logged execution", "sale " + sale.number + ": " + sale.execution);
      }
    }
    tally.serverErrorSamples().forEach(sample -> anomaly("5xx other than 503", sample));
    long more = tally.serverErrors() - tally.serverErrorSamples().size();
    if (more > 0) {
      anomaly("5xx other than 503", more + " more");
    }
    if (workload.replaysWithoutHeader() > 0) {
      anomaly("replay without PayQL-Replay: true", workload.replaysWithoutHeader() + " replays");
    }
    long killedAfterPayLost = sales.stream().filter(s -> s.stage == Sale.Stage.LOST && s.killedRightAfterPay).count();
    if (killedAfterPayLost > 0) {
      note(killedAfterPayLost + " of the lost keys were paid through /dev/pay right before a kill");
    }
    note("executions logged: " + history.total() + "; re-executions after a crash, before any answer (allowed): "
        + reExecuted + "; failed executions retried: " + sales.stream().mapToInt(s -> s.failedExecutions).sum());
    note("/api/invoice requests without an answer (the process killed or down): " + workload.invoicesUnanswered()
        + "; invoices refused: " + workload.invoicesRefused());
    note("answers by status: " + tally.byStatus());
    return this;
  }

  int anomalyCount() {
    return anomalies.values().stream().mapToInt(List::size).sum();
  }

  Optional<Integer> count(String kind) {
    return Optional.ofNullable(anomalies.get(kind)).map(List::size);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("### ").append(title).append("\n\n");
    out.append(figures.keySet().stream().collect(Collectors.joining(" | ", "| ", " |"))).append('\n');
    out.append(figures.keySet().stream().map(k -> "---").collect(Collectors.joining(" | ", "| ", " |"))).append('\n');
    out.append(figures.values().stream().map(String::valueOf).collect(Collectors.joining(" | ", "| ", " |")))
        .append("\n\n");
    if (anomalies.isEmpty()) {
      out.append("Anomalies: none.\n");
    } else {
      out.append("Anomalies (").append(anomalyCount()).append("):\n");
      anomalies.forEach((kind, occurrences) -> {
        out.append("- ").append(kind).append(": ").append(occurrences.size()).append('\n');
        Map<String, Long> byText = occurrences.stream()
            .collect(Collectors.groupingBy(FaultReport::withoutSaleNumber, TreeMap::new, Collectors.counting()));
        byText.entrySet().stream().limit(EXAMPLES)
            .forEach(e -> out.append("  - ").append(e.getValue()).append(" × ").append(e.getKey()).append('\n'));
        if (byText.size() < occurrences.size()) {
          occurrences.stream().limit(EXAMPLES).forEach(o -> out.append("  - e.g. ").append(o).append('\n'));
        }
      });
    }
    notes.forEach(note -> out.append("\n").append(note));
    return out.append('\n').toString();
  }

  private static String withoutSaleNumber(String occurrence) {
    return occurrence.replaceFirst("^sale \\d+: ", "").replaceAll("(execution|answered by) \\d+-\\d+", "$1 N")
        .replaceAll("of \\[[^]]*]", "of [...]");
  }

  /** Prints the report, writes it beside the build's other reports, and fails on any anomaly. */
  void publishAndAssertNoAnomalies() {
    publish();
    assertNoAnomalies();
  }

  /** Prints the report and writes it beside the build's other reports (replacing its interim one). */
  void publish() {
    write(name + ".md");
    try {
      Files.deleteIfExists(reports().resolve(name + ".interim.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The figures so far of a long run, so that a run stopped early still tells what it saw. */
  void publishInterim() {
    write(name + ".interim.txt");
  }

  private void write(String file) {
    String text = render();
    System.out.println(text);
    try {
      Files.createDirectories(reports());
      Files.writeString(reports().resolve(file), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path reports() {
    return Path.of(System.getProperty("payql.fault.reports", "target/fault-reports"));
  }

  void assertNoAnomalies() {
    if (!anomalies.isEmpty()) {
      throw new AssertionError(anomalyCount() + " anomalies\n\n" + render());
    }
  }

}
