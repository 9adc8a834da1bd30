package dev.payql.benchmarks;

/**
 * One unit of work a load client repeats: a free request, or a whole paid cycle. It checks the
 * answers it gets and says what was wrong, so a fast run of errors never passes for a fast run.
 */
interface Workload {

  /** A short name for the report. */
  String name();

  /**
   * Does the work once.
   *
   * @param steps where a workload of several requests records the time of each
   * @return the failure, described without any secret, or {@code null} when every answer was right
   */
  String runOnce(StepTimes steps) throws InterruptedException;
}
