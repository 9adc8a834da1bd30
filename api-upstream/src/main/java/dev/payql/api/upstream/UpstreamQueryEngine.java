package dev.payql.api.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.engine.graphql.CostFile;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.FieldRules;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.engine.graphql.SchemaCosts;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.ForwardedHeaders;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy mode's {@link QueryEngine}: requests are parsed, validated and weighed against the
 * upstream's schema by the GraphQL engine, introspection is answered from that schema (free, the
 * upstream never sees it), and paid requests are forwarded to the upstream.
 *
 * <p>Outcomes of a forward: an answer whose {@code data} is not null is the purchase's response,
 * byte for byte as the upstream sent it. An upstream that cannot be connected to, or that answers
 * errors without {@code data} (a request error: GraphQL spec section 7.1.2 leaves {@code data} out
 * when execution never began), certainly did not run the request: {@link ExecutionOutcome.Failed}.
 * A timeout, a connection broken after sending, an answer over the size limit, an HTTP 5xx, an
 * answer that is not GraphQL, or {@code data: null} with errors (execution began: a mutation's
 * earlier fields may have written) may have run it: {@link ExecutionOutcome.OutcomeUnknown}. For a
 * query both make the key {@code failed} (retried or refunded); a mutation of unknown outcome is
 * never sent again (ADR 0033). A request validated against an older schema still forwards:
 * execution never validates again, the upstream judges.
 */
public final class UpstreamQueryEngine implements QueryEngine {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamQueryEngine.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

  private final UpstreamSettings settings;
  private final EngineSettings engineSettings;
  private final CostFile costs;
  private final Upstream upstream;
  private final AtomicReference<GraphQLQueryEngine> current = new AtomicReference<>();

  private UpstreamQueryEngine(UpstreamSettings settings, EngineSettings engineSettings, CostFile costs) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.engineSettings = Objects.requireNonNull(engineSettings, "engineSettings");
    this.costs = Objects.requireNonNull(costs, "costs");
    this.upstream = new Upstream(settings);
  }

  /**
   * Reads the upstream's schema, retrying with backoff until {@link UpstreamSettings#startDeadline}:
   * PayQL sells nothing (does not start) before it knows what it sells.
   *
   * @throws UpstreamUnavailableException when the deadline passed without a schema
   */
  public static UpstreamQueryEngine start(UpstreamSettings settings, EngineSettings engineSettings) {
    return start(settings, engineSettings, CostFile.NONE);
  }

  /**
   * As {@link #start(UpstreamSettings, EngineSettings)}, the operator's {@code costs} over the cost
   * directives of the upstream's schema; a refreshed schema that lacks what {@code costs} names is
   * not taken (the one held goes on serving).
   *
   * @throws dev.payql.engine.graphql.CostFileException when {@code costs} names what the schema lacks
   */
  public static UpstreamQueryEngine start(UpstreamSettings settings, EngineSettings engineSettings, CostFile costs) {
    UpstreamQueryEngine engine = new UpstreamQueryEngine(settings, engineSettings, costs);
    Instant giveUp = Instant.now().plus(settings.startDeadline());
    Duration wait = FIRST_RETRY;
    while (true) {
      try {
        engine.current.set(engine.engineFor(UpstreamSchema.load(settings, engine.upstream)));
        LOG.info("upstream schema loaded from {}", settings.sdlFile().map(Object::toString)
            .orElse("introspection of " + settings.url()));
        return engine;
      } catch (UpstreamUnavailableException e) {
        if (Instant.now().plus(wait).isAfter(giveUp)) {
          throw new UpstreamUnavailableException("no schema from the upstream " + settings.url() + " within "
              + settings.startDeadline().toSeconds() + " s: " + e.getMessage(), e);
        }
        LOG.warn("cannot read the upstream's schema yet ({}); retrying in {} ms", e.getMessage(), wait.toMillis());
        sleep(wait);
        wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
      }
    }
  }

  /** Reads the schema again; when that fails, the one held goes on serving. For the refresh interval. */
  public void refresh() {
    try {
      current.set(engineFor(UpstreamSchema.load(settings, upstream)));
    } catch (RuntimeException e) {
      LOG.warn("refreshing the upstream's schema failed, keeping the one loaded before: {}", e.getMessage());
    }
  }

  public UpstreamSettings settings() {
    return settings;
  }

  @Override
  public Inspection inspect(GraphQLRequest request) {
    Inspection inspection = current.get().inspect(request);
    if (inspection instanceof Inspection.Accepted && isSubscription(request)) {
      return new Inspection.Rejected(Inspection.Kind.VALIDATION,
          "subscriptions are not sold: one paid request gets one answer; buy a query or a mutation", List.of());
    }
    return inspection;
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request) {
    return execute(request, ForwardedHeaders.none());
  }

  @Override
  public Set<String> forwardedHeaderNames() {
    return settings.forwardHeaders();
  }

  /** The buyer's headers of {@link #forwardedHeaderNames} travel with the forward (ADR 0037). */
  @Override
  public ExecutionOutcome execute(GraphQLRequest request, ForwardedHeaders headers) {
    GraphQLQueryEngine local = current.get();
    if (local.inspect(request) instanceof Inspection.Accepted accepted && accepted.introspectionOnly()) {
      return local.execute(request);
    }
    Upstream.Answer answer;
    try {
      answer = upstream.post(envelope(request), headers);
    } catch (UpstreamUnavailableException e) {
      LOG.warn("forward failed: {}", e.getMessage());
      return e.mayHaveArrived()
          ? unknown(e.getMessage())
          : failure(e.getMessage() + "; the request can be sent again with the same key, or refunded");
    }
    if (answer.status() >= 500) {
      return unknown("the upstream answered HTTP " + answer.status());
    }
    JsonNode body;
    try {
      body = JSON.readTree(answer.body());
    } catch (IOException e) {
      return unknown("the upstream's answer (HTTP " + answer.status() + ") is not JSON");
    }
    if (body == null || !body.isObject()) {
      return unknown("the upstream's answer (HTTP " + answer.status() + ") is not a GraphQL response");
    }
    JsonNode data = body.get("data");
    if (data != null && !data.isNull()) {
      return new ExecutionOutcome.Completed(answer.body());
    }
    if (!body.has("errors")) {
      return unknown("the upstream's answer (HTTP " + answer.status() + ") holds neither data nor errors");
    }
    // errors without data: refused before execution began, nothing ran; data null: execution began
    return data == null ? new ExecutionOutcome.Failed(answer.body()) : new ExecutionOutcome.OutcomeUnknown(answer.body());
  }

  private GraphQLQueryEngine engineFor(GraphQLSchema schema) {
    // the IBM cost directives of an SDL file price the upstream's fields (introspection carries none),
    // under the operator's cost file
    return new GraphQLQueryEngine(schema, SchemaCosts.of(schema, FieldRules.NONE, costs), engineSettings);
  }

  private static boolean isSubscription(GraphQLRequest request) {
    List<OperationDefinition> operations = Parser.parse(request.query())
        .getDefinitionsOfType(OperationDefinition.class);
    return operations.stream()
        .filter(operation -> request.operationName().map(name -> name.equals(operation.getName()))
            .orElse(operations.size() == 1))
        .anyMatch(operation -> operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION);
  }

  private static byte[] envelope(GraphQLRequest request) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("query", request.query());
    request.operationName().ifPresent(name -> envelope.put("operationName", name));
    if (!request.variables().isEmpty()) {
      envelope.put("variables", request.variables());
    }
    try {
      return JSON.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a GraphQL request is always serialisable", e);
    }
  }

  private static ExecutionOutcome.Failed failure(String message) {
    return new ExecutionOutcome.Failed(errorBody(message));
  }

  /** The request may have reached the upstream and run there: a query may run again, a mutation never. */
  private static ExecutionOutcome.OutcomeUnknown unknown(String message) {
    return new ExecutionOutcome.OutcomeUnknown(errorBody(message + "; the request may have reached the upstream."
        + " A query can be sent again with the same key; a mutation is not sent again, it can be refunded"));
  }

  private static byte[] errorBody(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(Map.of("message", message)));
    body.put("data", null);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body is always serialisable", e);
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamUnavailableException("interrupted while waiting for the upstream", e);
    }
  }
}
