package dev.payql.engine.graphql;

import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLAppliedDirectiveArgument;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Weighing rules from the IBM GraphQL Cost Directives a schema carries
 * (https://ibm.github.io/graphql-specs/cost-spec.html) and from the operator's {@link CostFile},
 * on top of a schema's own rules:
 * <ul>
 *   <li>{@code @cost(weight: "5")} on a field definition: what one occurrence of the field costs; on
 *       an object type: what every field returning that type costs, unless the field says;</li>
 *   <li>{@code @listSize(assumedSize: 50, slicingArguments: ["first", "last"])} on a list field: the
 *       list holds as many items as the largest slicing argument given asks for, else
 *       {@code assumedSize};</li>
 *   <li>{@code sizedFields: ["edges", "nodes"]}: that size is not the field's own (a connection
 *       object) but that of the named list fields of the object it returns;</li>
 *   <li>{@code requireOneSlicingArgument} (true unless set false, as the spec defines it): a request
 *       that gives none or several of the slicing arguments is refused.</li>
 * </ul>
 * Weights are rounded up to whole units. A cost file's setting replaces the directive's same
 * setting; what neither says is left to the {@code own} rules, which also check arguments first.
 * Every setting is checked against the schema when the rules are made: a slicing argument the field
 * does not have, or a sized field that is not a list, is refused then rather than mispriced later.
 */
public final class SchemaCosts implements FieldRules {

  private final GraphQLSchema schema;
  private final FieldRules own;
  /** By {@code Type.field}. */
  private final Map<String, FieldCost> fields;
  /** By type name. */
  private final Map<String, Long> typeWeights;

  private SchemaCosts(GraphQLSchema schema, FieldRules own, Map<String, FieldCost> fields,
      Map<String, Long> typeWeights) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.own = Objects.requireNonNull(own, "own");
    this.fields = Map.copyOf(fields);
    this.typeWeights = Map.copyOf(typeWeights);
  }

  /** The directives of {@code schema}; no other rules. */
  public static FieldRules of(GraphQLSchema schema) {
    return of(schema, FieldRules.NONE);
  }

  /**
   * The directives of {@code schema}, where they are; {@code own} everywhere else.
   *
   * @throws IllegalArgumentException when a directive's setting does not fit the schema
   */
  public static FieldRules of(GraphQLSchema schema, FieldRules own) {
    return of(schema, own, CostFile.NONE);
  }

  /**
   * The operator's {@code file} over the directives of {@code schema}, over {@code own}.
   *
   * @throws CostFileException when the file names a type, field or argument the schema lacks
   * @throws IllegalArgumentException when a directive's setting does not fit the schema
   */
  public static FieldRules of(GraphQLSchema schema, FieldRules own, CostFile file) {
    Map<String, FieldCost> fields = new HashMap<>();
    Map<String, Long> typeWeights = new HashMap<>();
    for (GraphQLNamedType type : schema.getAllTypesAsList()) {
      if (type.getName().startsWith("__")) {
        continue;
      }
      if (type instanceof GraphQLDirectiveContainer container) {
        weight(container).ifPresent(weight -> typeWeights.put(type.getName(), weight));
      }
      if (type instanceof GraphQLFieldsContainer container) {
        for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
          FieldCost cost = directives(field);
          if (!cost.equals(FieldCost.NONE)) {
            String where = "@listSize on " + type.getName() + "." + field.getName();
            checkFits(container, field, cost, problem -> new IllegalArgumentException(where + ": " + problem));
            fields.put(type.getName() + "." + field.getName(), cost);
          }
        }
      }
    }
    for (CostFile.Entry entry : file.entries()) {
      switch (entry) {
        case CostFile.TypeEntry typeEntry -> {
          if (!(schema.getType(typeEntry.typeName()) instanceof GraphQLFieldsContainer)) {
            throw file.problem(entry, "the schema has no object type " + typeEntry.typeName());
          }
          typeWeights.put(typeEntry.typeName(), typeEntry.weight());
        }
        case CostFile.FieldEntry fieldEntry -> {
          if (!(schema.getType(fieldEntry.typeName()) instanceof GraphQLFieldsContainer container)) {
            throw file.problem(entry, "the schema has no object type " + fieldEntry.typeName());
          }
          GraphQLFieldDefinition field = container.getFieldDefinition(fieldEntry.fieldName());
          if (field == null) {
            throw file.problem(entry, fieldEntry.typeName() + " has no field " + fieldEntry.fieldName());
          }
          FieldCost merged = fieldEntry.cost().over(fields.getOrDefault(entry.name(), FieldCost.NONE));
          checkFits(container, field, merged, problem -> file.problem(entry, problem));
          fields.put(entry.name(), merged);
        }
      }
    }
    return new SchemaCosts(schema, own, fields, typeWeights);
  }

  @Override
  public void check(String typeName, String fieldName, Map<String, Object> arguments) {
    own.check(typeName, fieldName, arguments);
    FieldCost cost = fields.get(typeName + "." + fieldName);
    if (cost != null) {
      cost.checkSlicing(typeName, fieldName, arguments);
    }
  }

  @Override
  public OptionalLong cost(String typeName, String fieldName) {
    FieldCost cost = fields.get(typeName + "." + fieldName);
    if (cost != null && cost.weight().isPresent()) {
      return cost.weight();
    }
    if (schema.getType(typeName) instanceof GraphQLFieldsContainer container
        && container.getFieldDefinition(fieldName) != null) {
      GraphQLType returned = GraphQLTypeUtil.unwrapAll(container.getFieldDefinition(fieldName).getType());
      if (returned instanceof GraphQLNamedType named && typeWeights.containsKey(named.getName())) {
        return OptionalLong.of(typeWeights.get(named.getName()));
      }
    }
    return own.cost(typeName, fieldName);
  }

  @Override
  public OptionalLong listSize(String typeName, String fieldName, Map<String, Object> arguments) {
    FieldCost cost = fields.get(typeName + "." + fieldName);
    OptionalLong size = cost == null ? OptionalLong.empty() : cost.listSize(arguments);
    return size.isPresent() ? size : own.listSize(typeName, fieldName, arguments);
  }

  @Override
  public Set<String> sizedFields(String typeName, String fieldName) {
    FieldCost cost = fields.get(typeName + "." + fieldName);
    return cost == null || cost.sizedFields().isEmpty() ? own.sizedFields(typeName, fieldName)
        : new LinkedHashSet<>(cost.sizedFields().get());
  }

  /** Slicing arguments the field takes, as integers; sized fields that are lists of what it returns. */
  private static void checkFits(GraphQLFieldsContainer container, GraphQLFieldDefinition field,
      FieldCost cost, java.util.function.Function<String, RuntimeException> problem) {
    for (String name : cost.slicingArguments().orElse(List.of())) {
      GraphQLArgument argument = field.getArgument(name);
      if (argument == null) {
        throw problem.apply("slicing argument " + name + ": " + container.getName() + "." + field.getName()
            + " has no such argument");
      }
      if (!(GraphQLTypeUtil.unwrapNonNull(argument.getType()) instanceof GraphQLNamedType named)
          || !named.getName().equals("Int")) {
        throw problem.apply("slicing argument " + name + " of " + container.getName() + "." + field.getName()
            + " is not an Int");
      }
    }
    List<String> sized = cost.sizedFields().orElse(List.of());
    if (sized.isEmpty()) {
      return;
    }
    if (!(GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLFieldsContainer returned)) {
      throw problem.apply("sizedFields: " + container.getName() + "." + field.getName() + " returns no object");
    }
    for (String name : sized) {
      GraphQLFieldDefinition sub = returned.getFieldDefinition(name);
      if (sub == null || !(GraphQLTypeUtil.unwrapNonNull(sub.getType()) instanceof GraphQLList)) {
        throw problem.apply("sized field " + name + ": " + returned.getName() + " has no list field " + name);
      }
    }
  }

  private static FieldCost directives(GraphQLFieldDefinition field) {
    OptionalLong weight = weight(field);
    GraphQLAppliedDirective listSize = field.getAppliedDirective("listSize");
    if (listSize == null) {
      return new FieldCost(weight, OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    Object assumed = value(listSize, "assumedSize");
    if (assumed instanceof Number size && size.longValue() < 0) {
      throw new IllegalArgumentException("@listSize(assumedSize: " + size + ") on " + field.getName()
          + " is negative");
    }
    Object requireOne = value(listSize, "requireOneSlicingArgument");
    return new FieldCost(weight,
        assumed instanceof Number size ? OptionalLong.of(size.longValue()) : OptionalLong.empty(),
        names(listSize, "slicingArguments"),
        names(listSize, "sizedFields"),
        requireOne instanceof Boolean flag ? Optional.of(flag) : Optional.empty());
  }

  private static OptionalLong weight(GraphQLDirectiveContainer element) {
    GraphQLAppliedDirective cost = element.getAppliedDirective("cost");
    if (cost == null || value(cost, "weight") == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(units(new BigDecimal(value(cost, "weight").toString().strip())));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("@cost(weight: \"" + value(cost, "weight") + "\") on " + element.getName()
          + " is not a number of 0 or more", e);
    }
  }

  /**
   * A weight in whole units, rounded up: the spec types weight as a String holding a number, such as
   * "2.5".
   *
   * @throws ArithmeticException when it is negative or too large
   */
  static long units(BigDecimal weight) {
    if (weight.signum() < 0) {
      throw new ArithmeticException("negative weight");
    }
    return weight.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  @SuppressWarnings("unchecked")
  private static Optional<List<String>> names(GraphQLAppliedDirective listSize, String argument) {
    Object names = value(listSize, argument);
    return names instanceof List<?> list && !list.isEmpty() ? Optional.of((List<String>) list) : Optional.empty();
  }

  private static Object value(GraphQLAppliedDirective directive, String argument) {
    GraphQLAppliedDirectiveArgument applied = directive.getArgument(argument);
    return applied == null ? null : applied.getValue();
  }
}
