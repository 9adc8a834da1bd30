package dev.payql.adapter.persistence.processes;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.testing.TestPurchases;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child of {@link CommitsSurviveAProcessCrashTest}: inserts purchases through PayQL's own store
 * on PayQL's own H2 URL, one autocommitted insert at a time, and prints {@code committed <digest>}
 * after each insert returned, which is the moment PayQL would answer its client. With a count it
 * halts the JVM right after the last one (no shutdown hook, no close); without one it writes until
 * it is killed.
 *
 * <p>Arguments: data directory, then {@code halt-after <n>} or {@code until-killed}.
 */
public final class PurchaseWriterProcess {

  private PurchaseWriterProcess() {}

  public static void main(String[] args) {
    Path dataDirectory = Path.of(args[0]);
    long count = args[1].equals("halt-after") ? Long.parseLong(args[2]) : Long.MAX_VALUE;
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    Persistence persistence = Persistence.open(PersistenceConfig.h2(dataDirectory));
    PurchaseStore store = persistence.store();
    out.println("open");
    for (long i = 0; i < count; i++) {
      Purchase purchase = TestPurchases.awaiting(Instant.now(), Duration.ofMinutes(10));
      store.insert(purchase);
      out.println("committed " + purchase.keyDigest().hex());
    }
    Runtime.getRuntime().halt(0);
  }
}
