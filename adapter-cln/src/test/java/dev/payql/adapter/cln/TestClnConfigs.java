package dev.payql.adapter.cln;

import dev.payql.adapter.cln.fake.FakeClnRest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configurations with short waits, so reconnects, waitanyinvoice timeouts and pay deadlines happen
 * inside a test: pay retries routes for one second and is waited for six.
 */
final class TestClnConfigs {

  private TestClnConfigs() {}

  static ClnConfig socket(Path socketPath) {
    return quick(ClnConfig.socket(socketPath));
  }

  static ClnConfig rest(FakeClnRest rest) {
    return quick(ClnConfig.rest(rest.url(), rest.runeFile(), rest.certificate()));
  }

  static ClnConfig quick(ClnConfig config) {
    return config.withCallTimeout(Duration.ofSeconds(5))
        .withPayTimeout(Duration.ofSeconds(1))
        .withWaitTimeout(Duration.ofSeconds(2))
        .withReconnectDelays(Duration.ofMillis(20), Duration.ofMillis(200));
  }
}
