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

  /** A resolver failed or the upstream was down; the body carries {@code errors}. */
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
}
