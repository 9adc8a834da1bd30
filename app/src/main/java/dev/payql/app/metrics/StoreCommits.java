package dev.payql.app.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code payql_store_commit_writes}: how many of the purchase store's writes each commit made
 * durable. On H2 concurrent writes share a commit (group commit, ADR 0041), so its mean says how
 * much of the embedded store's commit cost the load shares and its count how many commits the file
 * takes; on PostgreSQL, where each write commits alone, it stays empty.
 */
public final class StoreCommits {

  public static DistributionSummary summary(MeterRegistry registry) {
    return DistributionSummary.builder("payql.store.commit.writes")
        .description("Purchase-store writes made durable by one commit")
        .register(registry);
  }

  private StoreCommits() {}
}
