package dev.payql.adapter.http.web;

import java.util.Objects;

/** Stops a route with a problem answer; mapped to the response by the registered exception handler. */
final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  ProblemException(Problem problem) {
    super(problem.code(), null, false, false);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  Problem problem() {
    return problem;
  }

  static ProblemException invalidRequest(String detail) {
    return new ProblemException(Problem.of(400, "invalid_request", "Invalid request", detail));
  }
}
