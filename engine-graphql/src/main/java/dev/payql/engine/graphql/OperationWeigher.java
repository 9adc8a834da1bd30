package dev.payql.engine.graphql;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.language.Document;
import graphql.language.SourceLocation;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import java.util.Map;
import java.util.Optional;

/**
 * Weighs the selected operation of a valid document, with its variables applied, and checks what
 * validation against the schema cannot: nesting depth, and the schema's own {@link FieldRules}
 * (argument combinations, list sizes and their bounds).
 *
 * <p>The weighing rule (in the spirit of GitHub's and Shopify's GraphQL cost models, and of the IBM
 * GraphQL Cost Directives that {@link SchemaCosts} reads): every object the response may hold costs
 * 1, scalar and enum fields cost 0, unless the schema's {@link FieldRules#cost} says otherwise. A
 * field returning one object counts once; a list field counts as many objects as the schema's
 * {@link FieldRules#listSize} says, or {@code defaultListSize}; a list named by its parent's
 * {@link FieldRules#sizedFields} (a connection's {@code edges}) counts its parent's list size; nesting
 * multiplies. So with no rules {@code shop {products {name}}} weighs 1 + n with n =
 * {@code defaultListSize}. docs/pricing.md has worked examples. Introspection ({@code __schema},
 * {@code __type}, {@code __typename} and everything below them) weighs 0. Sums saturate at
 * {@link Long#MAX_VALUE}.
 */
final class OperationWeigher {

  private final GraphQLSchema schema;
  private final FieldRules rules;
  private final int defaultListSize;
  private final int maxDepth;

  OperationWeigher(GraphQLSchema schema, FieldRules rules, int defaultListSize, int maxDepth) {
    this.schema = schema;
    this.rules = rules;
    this.defaultListSize = defaultListSize;
    this.maxDepth = maxDepth;
  }

  sealed interface Result {}

  record Weighed(long weight, boolean introspectionOnly) implements Result {}

  record Refused(String detail, Optional<SourceLocation> location) implements Result {}

  /**
   * @param operationName the operation to weigh; null only when the document holds exactly one
   * @throws graphql.GraphQLException (a {@link graphql.GraphQLError}) when a variable's value does not
   *     fit its declared type
   */
  Result weigh(Document document, String operationName, Map<String, Object> variables) {
    Survey survey = new Survey();
    QueryTraverser.newQueryTraverser()
        .schema(schema)
        .document(document)
        .operationName(operationName)
        .variables(variables)
        .build()
        .visitPreOrder(survey);
    if (survey.problem != null) {
      return survey.problem;
    }
    return new Weighed(survey.weight, survey.introspectionOnly);
  }

  private final class Survey extends QueryVisitorStub {
    long weight;
    boolean introspectionOnly = true;
    Refused problem;

    @Override
    public void visitField(QueryVisitorFieldEnvironment env) {
      if (problem != null) {
        return;
      }
      String name = env.getField().getName();
      if (env.getParentEnvironment() == null && !isIntrospection(name)) {
        introspectionOnly = false;
      }
      int depth = depth(env);
      if (depth > maxDepth) {
        refuse("the query nests " + depth + " fields deep; at most " + maxDepth + " levels are accepted", env);
        return;
      }
      if (underIntrospection(env)) {
        return;
      }
      try {
        checkArguments(env);
        boolean composite = GraphQLTypeUtil.unwrapAll(env.getFieldDefinition().getType()) instanceof GraphQLCompositeType;
        long unit = rules.cost(typeName(env), env.getField().getName()).orElse(composite ? 1 : 0);
        if (unit > 0) {
          weight = saturatedAdd(weight, saturatedMultiply(unit, objectsOf(env)));
        }
      } catch (ArgumentException e) {
        refuse(e.getMessage(), env);
      }
    }

    private void refuse(String detail, QueryVisitorFieldEnvironment env) {
      problem = new Refused(detail, Optional.ofNullable(env.getField().getSourceLocation()));
    }
  }

  private void checkArguments(QueryVisitorFieldEnvironment env) {
    rules.check(typeName(env), env.getField().getName(), env.getArguments());
  }

  /** How many objects this field may return in the whole response: its count times its ancestors'. */
  private long objectsOf(QueryVisitorFieldEnvironment env) {
    long objects = 1;
    for (QueryVisitorFieldEnvironment e = env; e != null; e = e.getParentEnvironment()) {
      objects = saturatedMultiply(objects, itemsPerParent(e));
    }
    return objects;
  }

  private long itemsPerParent(QueryVisitorFieldEnvironment env) {
    GraphQLOutputType type = env.getFieldDefinition().getType();
    if (!(GraphQLTypeUtil.unwrapNonNull(type) instanceof GraphQLList)) {
      return 1;
    }
    QueryVisitorFieldEnvironment parent = env.getParentEnvironment();
    if (parent != null && rules.sizedFields(typeName(parent), parent.getField().getName())
        .contains(env.getField().getName())) {
      // IBM sizedFields: a connection's edges are sized by the slicing arguments of the connection field
      return rules.listSize(typeName(parent), parent.getField().getName(), parent.getArguments())
          .orElse(defaultListSize);
    }
    if (!rules.sizedFields(typeName(env), env.getField().getName()).isEmpty()) {
      // its list-size rule sizes its sub-fields, not itself
      return defaultListSize;
    }
    return rules.listSize(typeName(env), env.getField().getName(), env.getArguments()).orElse(defaultListSize);
  }

  private static String typeName(QueryVisitorFieldEnvironment env) {
    return env.getFieldsContainer() instanceof GraphQLFieldsContainer container ? container.getName() : "";
  }

  private static int depth(QueryVisitorFieldEnvironment env) {
    int depth = 0;
    for (QueryVisitorFieldEnvironment e = env; e != null; e = e.getParentEnvironment()) {
      depth++;
    }
    return depth;
  }

  private static boolean underIntrospection(QueryVisitorFieldEnvironment env) {
    for (QueryVisitorFieldEnvironment e = env; e != null; e = e.getParentEnvironment()) {
      if (isIntrospection(e.getField().getName())) {
        return true;
      }
    }
    return false;
  }

  static boolean isIntrospection(String fieldName) {
    return fieldName.equals("__schema") || fieldName.equals("__type") || fieldName.equals("__typename");
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}
