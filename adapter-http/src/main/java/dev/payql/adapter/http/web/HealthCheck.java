package dev.payql.adapter.http.web;

/** One thing {@code GET /health} reports on, such as the node or the store. */
public interface HealthCheck {

  /** Short name shown in the health report, for example {@code node}. */
  String name();

  /**
   * Returns when the dependency answers; throws when it does not. Called with a deadline: a check
   * still running after it counts as down. Its exception text is logged, never shown.
   */
  void check() throws Exception;

  /**
   * Whether only {@code /health/ready} waits for this check, not {@code /health}: something PayQL
   * gets ready by itself while it already answers (the sample data loading), which a monitor of
   * {@code /health} must not report as an outage.
   */
  default boolean readinessOnly() {
    return false;
  }

  /** A check of {@link #readinessOnly() readiness only}. */
  static HealthCheck readinessOnly(String name, Probe probe) {
    return probed(name, probe, true);
  }

  static HealthCheck of(String name, Probe probe) {
    return probed(name, probe, false);
  }

  private static HealthCheck probed(String name, Probe probe, boolean onlyReadiness) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void check() throws Exception {
        probe.run();
      }

      @Override
      public boolean readinessOnly() {
        return onlyReadiness;
      }
    };
  }

  @FunctionalInterface
  interface Probe {
    void run() throws Exception;
  }
}
