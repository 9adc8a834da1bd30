package dev.payql.ports.out.query;

import java.util.Arrays;
import java.util.Objects;

/** An execution's GraphQL response ({@code {data, errors}}), serialised as UTF-8 JSON. */
public sealed interface ExecutionOutcome {

  byte[] body();

  /** Every field resolved. */
  record Completed(byte[] body) implements ExecutionOutcome {
    public Completed {
      body = Objects.requireNonNull(body, "body").clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Completed other && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(body);
    }
  }

  /**
   * A resolver failed, or the request certainly did not run (the upstream was unreachable, refused
   * it before executing); the body carries {@code errors}.
   */
  record Failed(byte[] body) implements ExecutionOutcome {
    public Failed {
      body = Objects.requireNonNull(body, "body").clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Failed other && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(body);
    }
  }

  /**
   * The execution was interrupted after the request may have reached the API being sold: a forward
   * that timed out, an answer cut off or over the size limit, an upstream that failed mid-way
   * (HTTP 5xx, {@code data: null} once execution began). Whether it ran is unknown. A query fails
   * as for {@link Failed}; a mutation is never sent again (ADR 0033). The body carries {@code errors}.
   */
  record OutcomeUnknown(byte[] body) implements ExecutionOutcome {
    public OutcomeUnknown {
      body = Objects.requireNonNull(body, "body").clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof OutcomeUnknown other && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(body);
    }
  }

  /** Whether the buyer's answer is an error (the key is not spent). */
  default boolean isError() {
    return !(this instanceof Completed);
  }
}
