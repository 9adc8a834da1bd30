package dev.payql.engine.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphQLException;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link QueryEngine} on graphql-java over any executable schema: the bundled market-data API
 * plugs its schema in, a host its own (DESIGN.md sections 4 and 5).
 *
 * <p>{@link #inspect} parses and validates (both cached by query text), picks the operation and
 * weighs it by the rule of {@link OperationWeigher}. {@link #execute} runs it on a virtual thread
 * with a deadline; any error in the result makes it {@link ExecutionOutcome.Failed}.
 */
public final class GraphQLQueryEngine implements QueryEngine {

  private static final Logger LOG = LoggerFactory.getLogger(GraphQLQueryEngine.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GraphQLSchema schema;
  private final GraphQL graphQL;
  private final EngineSettings settings;
  private final ParsedDocuments documents;
  private final OperationWeigher weigher;
  private final ParserOptions parserOptions;
  private final ExecutorService executions =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("graphql-execution-", 0).factory());

  /**
   * @param schema an executable schema: its data fetchers run when a paid request executes
   * @param rules the schema's argument checks and list sizes, applied when a request is weighed
   */
  public GraphQLQueryEngine(GraphQLSchema schema, FieldRules rules, EngineSettings settings) {
    this.schema = Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(rules, "rules");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.documents = new ParsedDocuments(settings.documentCacheSize());
    this.weigher = new OperationWeigher(schema, rules, settings.defaultListSize(), settings.maxDepth());
    this.parserOptions = ParserOptions.getDefaultOperationParserOptions().transform(
        options -> options.maxCharacters(settings.maxQueryCharacters()));
    this.graphQL = GraphQL.newGraphQL(schema)
        .defaultDataFetcherExceptionHandler(new ClientSafeErrors())
        // documents inspected before are not parsed and validated again
        .preparsedDocumentProvider((input, parseAndValidate) -> CompletableFuture.completedFuture(
            documents.get(input.getQuery(), this::parseAndValidate) instanceof ParsedDocuments.Valid valid
                ? new PreparsedDocumentEntry(valid.document())
                : parseAndValidate.apply(input)))
        .build();
  }

  @Override
  public Inspection inspect(GraphQLRequest request) {
    String query = request.query();
    if (query.length() > settings.maxQueryCharacters()) {
      return new Inspection.Rejected(Inspection.Kind.VALIDATION, "the query is " + query.length()
          + " characters long; at most " + settings.maxQueryCharacters() + " are accepted", List.of());
    }
    return switch (documents.get(query, this::parseAndValidate)) {
      case ParsedDocuments.Invalid invalid -> invalid.rejection();
      case ParsedDocuments.Valid valid -> inspectValid(valid.document(), request);
    };
  }

  private Inspection inspectValid(Document document, GraphQLRequest request) {
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    OperationDefinition selected;
    if (request.operationName().isPresent()) {
      String wanted = request.operationName().get();
      Optional<OperationDefinition> named = operations.stream()
          .filter(operation -> wanted.equals(operation.getName()))
          .findFirst();
      if (named.isEmpty()) {
        return new Inspection.Rejected(Inspection.Kind.UNKNOWN_OPERATION,
            "the query has no operation named \"" + wanted + "\"", List.of());
      }
      selected = named.get();
    } else if (operations.size() == 1) {
      selected = operations.getFirst();
    } else {
      return new Inspection.Rejected(Inspection.Kind.UNKNOWN_OPERATION, "the query holds " + operations.size()
          + " operations; name the one to run with \"operation\"", List.of());
    }
    OperationWeigher.Result weighing;
    try {
      weighing = weigher.weigh(document, selected.getName(), request.variables());
    } catch (GraphQLException e) {
      // a variable's value does not fit its declared type: refused now rather than failing after payment
      List<Inspection.SourceLocation> locations =
          e instanceof GraphQLError error ? locations(error.getLocations()) : List.of();
      return new Inspection.Rejected(Inspection.Kind.VALIDATION, e.getMessage(), locations);
    }
    return switch (weighing) {
      case OperationWeigher.Weighed weighed ->
          new Inspection.Accepted(Optional.ofNullable(selected.getName()), weighed.weight(),
              weighed.introspectionOnly(), selected.getOperation() == OperationDefinition.Operation.MUTATION);
      case OperationWeigher.Refused refused -> new Inspection.Rejected(Inspection.Kind.VALIDATION,
          refused.detail(), locations(refused.location().stream().toList()));
    };
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request) {
    Map<String, Object> variables = new LinkedHashMap<>(request.variables());
    ExecutionInput input = ExecutionInput.newExecutionInput()
        .query(request.query())
        .operationName(request.operationName().orElse(null))
        .variables(variables)
        .build();
    Future<ExecutionResult> running = executions.submit(() -> graphQL.execute(input));
    ExecutionResult result;
    try {
      result = running.get(settings.executionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      LOG.warn("execution stopped after {}", settings.executionTimeout());
      return interrupted("the request did not finish within " + settings.executionTimeout().toSeconds()
          + " s and was stopped; try again later");
    } catch (ExecutionException e) {
      LOG.error("execution failed", e.getCause());
      return interrupted("an internal error stopped the request");
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      return interrupted("the server is shutting down; try again later");
    }
    byte[] body = write(result.toSpecification());
    if (result.getErrors().isEmpty()) {
      return new ExecutionOutcome.Completed(body);
    }
    // resolvers ran (data is present once execution began): a mutation's may have written something
    return result.isDataPresent() ? new ExecutionOutcome.OutcomeUnknown(body) : new ExecutionOutcome.Failed(body);
  }

  private ParsedDocuments.Entry parseAndValidate(String query) {
    Document document;
    try {
      document = Parser.parse(ParserEnvironment.newParserEnvironment()
          .document(query)
          .parserOptions(parserOptions)
          .locale(Locale.ENGLISH)
          .build());
    } catch (InvalidSyntaxException e) {
      List<Inspection.SourceLocation> where =
          e.getLocation() == null ? List.of() : locations(List.of(e.getLocation()));
      return new ParsedDocuments.Invalid(new Inspection.Rejected(Inspection.Kind.SYNTAX, e.getMessage(), where));
    }
    List<ValidationError> errors = new Validator().validateDocument(schema, document, Locale.ENGLISH);
    if (errors.isEmpty()) {
      return new ParsedDocuments.Valid(document);
    }
    List<String> details = new ArrayList<>();
    List<SourceLocation> where = new ArrayList<>();
    for (ValidationError error : errors) {
      details.add(error.getDescription() != null ? error.getDescription() : error.getMessage());
      where.addAll(error.getLocations() == null ? List.of() : error.getLocations());
    }
    return new ParsedDocuments.Invalid(
        new Inspection.Rejected(Inspection.Kind.VALIDATION, String.join("; ", details), locations(where)));
  }

  private static List<Inspection.SourceLocation> locations(List<SourceLocation> locations) {
    if (locations == null) {
      return List.of();
    }
    return locations.stream()
        .filter(Objects::nonNull)
        .filter(location -> location.getLine() > 0 && location.getColumn() > 0)
        .map(location -> new Inspection.SourceLocation(location.getLine(), location.getColumn()))
        .toList();
  }

  /**
   * Stopped after resolvers may have run: for a query this fails as any error does, a mutation is not
   * run again (ADR 0033).
   */
  private static ExecutionOutcome.OutcomeUnknown interrupted(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(Map.of("message", message)));
    body.put("data", null);
    return new ExecutionOutcome.OutcomeUnknown(write(body));
  }

  private static byte[] write(Map<String, Object> specification) {
    try {
      return JSON.writeValueAsBytes(specification);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a GraphQL result is always serialisable", e);
    }
  }
}
