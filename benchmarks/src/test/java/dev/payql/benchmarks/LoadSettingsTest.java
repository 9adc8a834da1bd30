package dev.payql.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {

  @Test
  void withoutArgumentsTheDriverRunsEightClientsForTenSecondsAfterAFiveSecondWarmUp() {
    assertThat(LoadSettings.parse()).isEqualTo(
        new LoadSettings(8, Duration.ofSeconds(10), Duration.ofSeconds(5), 200_000, Optional.empty()));
  }

  @Test
  void everyOptionIsRead() {
    LoadSettings settings = LoadSettings.parse("--seconds", "3", "--clients", "2", "--warmup", "0", "--max-ops", "50",
        "--data-dir", "/tmp/x");

    assertThat(settings).isEqualTo(new LoadSettings(2, Duration.ofSeconds(3), Duration.ZERO, 50, Optional.of(Path.of("/tmp/x"))));
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertThatThrownBy(() -> LoadSettings.parse("--clients", "0")).hasMessageContaining("--clients");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds", "ten")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LoadSettings.parse("--port", "1")).hasMessageContaining("unknown option");
  }

  @Test
  void theDriversPayqlListensOnLoopbackOnlyWithoutTheInvoiceRateLimit() {
    var config = HttpLoadDriver.config(Path.of("/tmp/payql-load-test"));

    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.server().port()).isZero();
    assertThat(config.server().rateLimitPerMinute()).isZero();
  }
}
