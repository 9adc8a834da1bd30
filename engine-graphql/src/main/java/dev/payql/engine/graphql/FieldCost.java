package dev.payql.engine.graphql;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The cost settings of one field, with the names of the IBM GraphQL Cost Directives: its
 * {@code @cost(weight:)} and its {@code @listSize(assumedSize:, slicingArguments:, sizedFields:,
 * requireOneSlicingArgument:)}. Read from an SDL's directives or from the operator's cost file; each
 * setting may be missing, and a missing one is taken from the settings underneath ({@link #over}).
 */
record FieldCost(OptionalLong weight, OptionalLong assumedSize, Optional<List<String>> slicingArguments,
    Optional<List<String>> sizedFields, Optional<Boolean> requireOneSlicingArgument) {

  static final FieldCost NONE = new FieldCost(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
      Optional.empty(), Optional.empty());

  FieldCost {
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(assumedSize, "assumedSize");
    slicingArguments = slicingArguments.map(List::copyOf);
    sizedFields = sizedFields.map(List::copyOf);
    Objects.requireNonNull(requireOneSlicingArgument, "requireOneSlicingArgument");
  }

  /** These settings where they are given, {@code under}'s elsewhere. */
  FieldCost over(FieldCost under) {
    return new FieldCost(weight.isPresent() ? weight : under.weight,
        assumedSize.isPresent() ? assumedSize : under.assumedSize,
        slicingArguments.or(under::slicingArguments),
        sizedFields.or(under::sizedFields),
        requireOneSlicingArgument.or(under::requireOneSlicingArgument));
  }

  /**
   * The list size these settings give for {@code arguments} (variables and defaults applied): the
   * largest slicing argument given, else the assumed size, else empty.
   */
  OptionalLong listSize(Map<String, Object> arguments) {
    OptionalLong sliced = slicingArguments.orElse(List.of()).stream()
        .map(arguments::get)
        .filter(Number.class::isInstance)
        .mapToLong(value -> Math.max(0, ((Number) value).longValue()))
        .max();
    return sliced.isPresent() ? sliced : assumedSize;
  }

  /**
   * The IBM rule {@code requireOneSlicingArgument} (true unless set false): a request must give
   * exactly one of the slicing arguments, a default value in the schema counting as given.
   *
   * @throws ArgumentException when it gives none or several
   */
  void checkSlicing(String typeName, String fieldName, Map<String, Object> arguments) {
    List<String> slicing = slicingArguments.orElse(List.of());
    if (slicing.isEmpty() || !requireOneSlicingArgument.orElse(true)) {
      return;
    }
    long given = slicing.stream().filter(name -> arguments.get(name) != null).count();
    if (given != 1) {
      throw new ArgumentException(typeName + "." + fieldName + " takes exactly one of " + String.join(", ", slicing)
          + " to size its list; " + (given == 0 ? "none was" : given + " were") + " given");
    }
  }
}
