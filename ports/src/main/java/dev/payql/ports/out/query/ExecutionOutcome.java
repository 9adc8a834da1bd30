package dev.payql.ports.out.query;

import dev.payql.domain.request.ResponseBody;
import java.util.Objects;

/** An execution's GraphQL response ({@code {data, errors}}), serialised as UTF-8 JSON. */
public sealed interface ExecutionOutcome {

  ResponseBody response();

  /** A copy of the response's bytes. */
  default byte[] body() {
    return response().bytes();
  }

  /** Every field resolved. */
  record Completed(ResponseBody response) implements ExecutionOutcome {
    public Completed {
      Objects.requireNonNull(response, "response");
    }

    public Completed(byte[] body) {
      this(ResponseBody.of(body));
    }
  }

  /**
   * A resolver failed, or the request certainly did not run (the upstream was unreachable, refused
   * it before executing); the body carries {@code errors}.
   */
  record Failed(ResponseBody response) implements ExecutionOutcome {
    public Failed {
      Objects.requireNonNull(response, "response");
    }

    public Failed(byte[] body) {
      this(ResponseBody.of(body));
    }
  }

  /**
   * The execution was interrupted after the request may have reached the API being sold: a forward
   * that timed out, an answer cut off or over the size limit, an upstream that failed mid-way
   * (HTTP 5xx, {@code data: null} once execution began). Whether it ran is unknown. A query fails
   * as for {@link Failed}; a mutation is never sent again (ADR 0033). The body carries {@code errors}.
   */
  record OutcomeUnknown(ResponseBody response) implements ExecutionOutcome {
    public OutcomeUnknown {
      Objects.requireNonNull(response, "response");
    }

    public OutcomeUnknown(byte[] body) {
      this(ResponseBody.of(body));
    }
  }

  /** Whether the buyer's answer is an error (the key is not spent). */
  default boolean isError() {
    return !(this instanceof Completed);
  }
}
