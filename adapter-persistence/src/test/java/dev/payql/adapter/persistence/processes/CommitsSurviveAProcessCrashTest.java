package dev.payql.adapter.persistence.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.domain.purchase.KeyDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purchase PayQL reported as stored is still there after the process dies without closing
 * anything: the JVM halted right after its last commit, or SIGKILLed at a moment of the test's
 * choosing while it writes. This is the embedded default, H2 on PayQL's own URL.
 */
class CommitsSurviveAProcessCrashTest {

  /** A hang guard for a loaded machine, not a measure. */
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path dataDirectory;

  @Test
  void everyPurchaseCommittedBeforeTheJvmHaltedIsFoundAfterwards() throws Exception {
    List<KeyDigest> committed = new ArrayList<>();
    try (ChildJvm writer = ChildJvm.start(PurchaseWriterProcess.class, dataDirectory.toString(), "halt-after", "200")) {
      committed.addAll(readCommitted(writer, Integer.MAX_VALUE));
      assertThat(writer.waitFor(PATIENCE)).isZero();
    }

    assertThat(committed).hasSize(200);
    assertNoneLost(committed);
  }

  @Test
  void everyPurchaseCommittedBeforeSigkillIsFoundAfterwardsInEachOfFiveCrashes() throws Exception {
    List<KeyDigest> committed = new ArrayList<>();
    for (int crash = 0; crash < 5; crash++) {
      try (ChildJvm writer = ChildJvm.start(PurchaseWriterProcess.class, dataDirectory.toString(), "until-killed")) {
        committed.addAll(readCommitted(writer, ThreadLocalRandom.current().nextInt(20, 200)));
        writer.kill();
        // what the child reported between the last line read and the kill counts as well
        committed.addAll(readCommitted(writer, Integer.MAX_VALUE));
      }
    }

    assertThat(committed).hasSizeGreaterThanOrEqualTo(100);
    assertNoneLost(committed);
  }

  private static List<KeyDigest> readCommitted(ChildJvm writer, int atMost) throws InterruptedException {
    List<KeyDigest> committed = new ArrayList<>();
    while (committed.size() < atMost) {
      Optional<String> line = writer.nextLine(PATIENCE);
      if (line.isEmpty()) {
        break;
      }
      if (line.get().startsWith("committed ")) {
        committed.add(new KeyDigest(line.get().substring("committed ".length())));
      }
    }
    return committed;
  }

  private void assertNoneLost(List<KeyDigest> committed) {
    try (Persistence reopened = Persistence.open(PersistenceConfig.h2(dataDirectory))) {
      long lost = committed.stream().filter(digest -> reopened.store().findByKeyDigest(digest).isEmpty()).count();
      assertThat(lost).as("of %d purchases reported committed, how many are gone after the crash", committed.size())
          .isZero();
    }
  }
}
