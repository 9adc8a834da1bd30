package dev.payql.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {

  @Test
  void withoutArgumentsTheDriverMeasuresOneEightAndThirtyTwoClientsOnH2AndTheOpenLoopAtTheIssuesRates() {
    LoadSettings settings = LoadSettings.parse();

    assertThat(settings.clients()).containsExactly(1, 8, 32);
    assertThat(settings.measure()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.rounds()).isEqualTo(5);
    assertThat(settings.warmUp()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.store()).isEqualTo(BenchDatabases.Kind.H2);
    assertThat(settings.openLoopRates()).containsExactly(200, 500, 1_000);
    assertThat(settings.openLoopLength()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void everyOptionIsRead() {
    LoadSettings settings = LoadSettings.parse("--seconds", "3", "--clients", "2,4", "--rounds", "3", "--warmup", "0",
        "--max-ops", "50", "--store", "postgres", "--pg-url", "jdbc:postgresql://db/x", "--pg-user", "u",
        "--open-loop", "100", "--open-seconds", "2");

    assertThat(settings).isEqualTo(new LoadSettings(List.of(2, 4), Duration.ofSeconds(3), 3, Duration.ZERO, 50,
        Optional.empty(), BenchDatabases.Kind.POSTGRESQL, "jdbc:postgresql://db/x", "u", List.of(100),
        Duration.ofSeconds(2)));
    assertThat(settings.round()).isEqualTo(Duration.ofSeconds(1));
    assertThat(LoadSettings.parse("--open-loop", "none").openLoopRates()).isEmpty();
    assertThat(LoadSettings.parse("--data-dir", "/tmp/x").dataDir()).contains(Path.of("/tmp/x"));
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertThatThrownBy(() -> LoadSettings.parse("--clients", "0")).hasMessageContaining("--clients");
    assertThatThrownBy(() -> LoadSettings.parse("--clients", "8,300")).hasMessageContaining("--clients");
    assertThatThrownBy(() -> LoadSettings.parse("--store", "mysql")).hasMessageContaining("--store");
    assertThatThrownBy(() -> LoadSettings.parse("--store", "postgres", "--data-dir", "/tmp/x"))
        .hasMessageContaining("--data-dir");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds", "ten")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LoadSettings.parse("--port", "1")).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> LoadSettings.parse("--seconds", "2", "--rounds", "10")).hasMessageContaining("too short");
    assertThat(LoadSettings.parse("--rounds", "50", "--seconds", "60").round()).isEqualTo(Duration.ofMillis(1200));
  }

  @Test
  void theDriversPayqlListensOnLoopbackOnlyWithoutTheLimitsOnFreeWork() {
    var config = HttpLoadDriver.config(Path.of("/tmp/payql-load-test"), Optional.empty(), "");

    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.server().port()).isZero();
    assertThat(config.server().limits().invoicesPerMinute()).isZero();
    assertThat(config.server().limits().unpaidAttemptsPerMinute()).isZero();
    assertThat(config.server().limits().statusRequestsPerMinute()).isZero();
  }
}
