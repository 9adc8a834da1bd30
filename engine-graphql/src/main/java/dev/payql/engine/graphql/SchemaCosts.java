package dev.payql.engine.graphql;

import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLAppliedDirectiveArgument;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Weighing rules read from the IBM GraphQL Cost Directives a schema carries
 * (https://ibm.github.io/graphql-specs/cost-spec.html), on top of another schema's own rules:
 * <ul>
 *   <li>{@code @cost(weight: "5")} on a field definition: what one occurrence of the field costs; on
 *       an object type: what every field returning that type costs, unless the field says;</li>
 *   <li>{@code @listSize(assumedSize: 50, slicingArguments: ["first", "last"])} on a list field: the
 *       list holds as many items as the largest slicing argument given asks for, else
 *       {@code assumedSize}.</li>
 * </ul>
 * Weights are rounded up to whole units. {@code sizedFields} (connections) and
 * {@code requireOneSlicingArgument} are not read: such a list counts {@code assumedSize} or the
 * engine's default. The {@code own} rules answer first for argument checks, the directives for
 * costs and sizes.
 */
public final class SchemaCosts implements FieldRules {

  private final GraphQLSchema schema;
  private final FieldRules own;

  private SchemaCosts(GraphQLSchema schema, FieldRules own) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.own = Objects.requireNonNull(own, "own");
  }

  /** The directives of {@code schema}; no other rules. */
  public static FieldRules of(GraphQLSchema schema) {
    return new SchemaCosts(schema, FieldRules.NONE);
  }

  /** The directives of {@code schema}, where they are; {@code own} everywhere else. */
  public static FieldRules of(GraphQLSchema schema, FieldRules own) {
    return new SchemaCosts(schema, own);
  }

  @Override
  public void check(String typeName, String fieldName, Map<String, Object> arguments) {
    own.check(typeName, fieldName, arguments);
  }

  @Override
  public OptionalLong cost(String typeName, String fieldName) {
    Optional<GraphQLFieldDefinition> field = field(typeName, fieldName);
    if (field.isEmpty()) {
      return own.cost(typeName, fieldName);
    }
    OptionalLong onField = weight(field.get());
    if (onField.isPresent()) {
      return onField;
    }
    GraphQLType returned = GraphQLTypeUtil.unwrapAll(field.get().getType());
    if (returned instanceof GraphQLDirectiveContainer type) {
      OptionalLong onType = weight(type);
      if (onType.isPresent()) {
        return onType;
      }
    }
    return own.cost(typeName, fieldName);
  }

  @Override
  public OptionalLong listSize(String typeName, String fieldName, Map<String, Object> arguments) {
    Optional<GraphQLAppliedDirective> listSize = field(typeName, fieldName)
        .map(field -> field.getAppliedDirective("listSize"));
    if (listSize.isEmpty()) {
      return own.listSize(typeName, fieldName, arguments);
    }
    OptionalLong sliced = slicingArguments(listSize.get()).stream()
        .map(arguments::get)
        .filter(Number.class::isInstance)
        .mapToLong(value -> Math.max(0, ((Number) value).longValue()))
        .max();
    if (sliced.isPresent()) {
      return sliced;
    }
    Object assumed = value(listSize.get(), "assumedSize");
    return assumed instanceof Number size ? OptionalLong.of(Math.max(0, size.longValue()))
        : own.listSize(typeName, fieldName, arguments);
  }

  private Optional<GraphQLFieldDefinition> field(String typeName, String fieldName) {
    return schema.getType(typeName) instanceof GraphQLFieldsContainer container
        ? Optional.ofNullable(container.getFieldDefinition(fieldName))
        : Optional.empty();
  }

  private static OptionalLong weight(GraphQLDirectiveContainer element) {
    GraphQLAppliedDirective cost = element.getAppliedDirective("cost");
    if (cost == null || value(cost, "weight") == null) {
      return OptionalLong.empty();
    }
    try {
      // the spec types weight as a String holding a number, such as "2.5"
      BigDecimal weight = new BigDecimal(value(cost, "weight").toString().strip());
      return OptionalLong.of(Math.max(0, weight.setScale(0, java.math.RoundingMode.CEILING).longValueExact()));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("@cost(weight: \"" + value(cost, "weight") + "\") on " + element.getName()
          + " is not a number", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> slicingArguments(GraphQLAppliedDirective listSize) {
    Object names = value(listSize, "slicingArguments");
    return names instanceof List<?> list ? (List<String>) list : List.of();
  }

  private static Object value(GraphQLAppliedDirective directive, String argument) {
    GraphQLAppliedDirectiveArgument applied = directive.getArgument(argument);
    return applied == null ? null : applied.getValue();
  }
}
