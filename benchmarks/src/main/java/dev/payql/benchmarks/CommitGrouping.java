package dev.payql.benchmarks;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The purchase store's commits and the writes they made durable, from PayQL's own
 * {@code payql_store_commit_writes} summary in {@code /metrics}: how many writes shared each commit
 * during a phase (ADR 0041). Only H2 groups its commits; on PostgreSQL there is nothing to count.
 */
record CommitGrouping(double writes, long commits) {

  static final CommitGrouping NONE = new CommitGrouping(0, 0);

  private static final Pattern SUM = series("payql_store_commit_writes_sum");
  private static final Pattern COUNT = series("payql_store_commit_writes_count");

  static CommitGrouping scrape(PayqlHttp payql) throws IOException, InterruptedException {
    String scrape = payql.text("/metrics");
    return new CommitGrouping(value(SUM, scrape), (long) value(COUNT, scrape));
  }

  CommitGrouping since(CommitGrouping earlier) {
    return new CommitGrouping(writes - earlier.writes, commits - earlier.commits);
  }

  CommitGrouping plus(CommitGrouping other) {
    return new CommitGrouping(writes + other.writes, commits + other.commits);
  }

  /** Writes per commit, or "-" where nothing was committed through the grouping. */
  String perCommit() {
    return commits == 0 ? "-" : String.format(Locale.ROOT, "%.2f", writes / commits);
  }

  private static Pattern series(String name) {
    return Pattern.compile("^" + name + "(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
  }

  private static double value(Pattern series, String scrape) {
    Matcher matcher = series.matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
