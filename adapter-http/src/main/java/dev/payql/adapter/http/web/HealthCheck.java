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

  static HealthCheck of(String name, Probe probe) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void check() throws Exception {
        probe.run();
      }
    };
  }

  @FunctionalInterface
  interface Probe {
    void run() throws Exception;
  }
}
