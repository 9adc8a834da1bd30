package dev.payql.faults.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.ForwardedHeaders;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps PayQL's real engine: every execution is written to the {@link ExecutionLog} when it begins
 * and when it ends, and its answer carries its name in {@code extensions.faultTestExecution}. The
 * name makes every execution's body unique, so a client holding an answer can tell a replay (the
 * same name, byte for byte) from a second execution (another name), and the log says how often a
 * request really ran, whatever any client saw. An optional delay before the real execution makes one
 * execution take long enough to kill its process in the middle of it.
 */
final class CountingEngine implements QueryEngine {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final QueryEngine real;
  private final ExecutionLog log;
  private final Duration delay;
  private final AtomicLong executions = new AtomicLong();

  CountingEngine(QueryEngine real, ExecutionLog log, Duration delay) {
    this.real = real;
    this.log = log;
    this.delay = delay;
  }

  @Override
  public Inspection inspect(GraphQLRequest request) {
    return real.inspect(request);
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request) {
    return execute(request, ForwardedHeaders.none());
  }

  @Override
  public Set<String> forwardedHeaderNames() {
    return real.forwardedHeaderNames();
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request, ForwardedHeaders headers) {
    String execution = log.pid() + "-" + executions.incrementAndGet();
    String fingerprint = request.fingerprint().hex();
    log.began(execution, fingerprint);
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ExecutionOutcome outcome = real.execute(request, headers);
    ExecutionOutcome named = switch (outcome) {
      case ExecutionOutcome.Completed completed -> new ExecutionOutcome.Completed(named(completed.body(), execution));
      case ExecutionOutcome.Failed failed -> new ExecutionOutcome.Failed(named(failed.body(), execution));
      case ExecutionOutcome.OutcomeUnknown unknown ->
          new ExecutionOutcome.OutcomeUnknown(named(unknown.body(), execution));
    };
    log.finished(execution, fingerprint, named instanceof ExecutionOutcome.Completed);
    return named;
  }

  private static byte[] named(byte[] body, String execution) {
    try {
      ObjectNode response = (ObjectNode) JSON.readTree(body);
      JsonNode extensions = response.get("extensions");
      ObjectNode into = extensions instanceof ObjectNode existing ? existing : response.putObject("extensions");
      into.put("faultTestExecution", execution);
      return JSON.writeValueAsBytes(response);
    } catch (IOException e) {
      throw new UncheckedIOException("the engine's answer is not JSON", e);
    }
  }
}
