package dev.payql.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {

  @Test
  void withoutArgumentsTheDriverRunsEightClientsForTenSecondsInFiveAlternatingRoundsAfterATwentySecondWarmUpOfEach() {
    assertThat(LoadSettings.parse()).isEqualTo(
        new LoadSettings(8, Duration.ofSeconds(10), 5, Duration.ofSeconds(20), 200_000, Optional.empty()));
  }

  @Test
  void everyOptionIsRead() {
    LoadSettings settings = LoadSettings.parse("--seconds", "3", "--clients", "2", "--rounds", "3", "--warmup", "0",
        "--max-ops", "50", "--data-dir", "/tmp/x");

    assertThat(settings).isEqualTo(
        new LoadSettings(2, Duration.ofSeconds(3), 3, Duration.ZERO, 50, Optional.of(Path.of("/tmp/x"))));
    assertThat(settings.round()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertThatThrownBy(() -> LoadSettings.parse("--clients", "0")).hasMessageContaining("--clients");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds", "ten")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LoadSettings.parse("--port", "1")).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds", "2", "--rounds", "10")).hasMessageContaining("too short");
    assertThat(LoadSettings.parse("--rounds", "50", "--seconds", "60").round()).isEqualTo(Duration.ofMillis(1200));
  }

  @Test
  void theDriversPayqlListensOnLoopbackOnlyWithoutTheLimitsOnFreeWork() {
    var config = HttpLoadDriver.config(Path.of("/tmp/payql-load-test"));

    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.server().port()).isZero();
    assertThat(config.server().limits().invoicesPerMinute()).isZero();
    assertThat(config.server().limits().unpaidAttemptsPerMinute()).isZero();
    assertThat(config.server().limits().statusRequestsPerMinute()).isZero();
  }
}
