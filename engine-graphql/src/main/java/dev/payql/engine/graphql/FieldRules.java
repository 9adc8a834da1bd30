package dev.payql.engine.graphql;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a schema adds to the engine's weighing of a request, field by field: checks of argument
 * combinations that validation against the schema cannot express, and how many items a list field
 * returns. Both run when a request is inspected, before anything is sold, so a request that makes
 * no sense is refused rather than paid for and then failed.
 */
public interface FieldRules {

  /** No checks; every list field counts the engine's default size. */
  FieldRules NONE = new FieldRules() {};

  /**
   * @param typeName the type the field is selected on
   * @param arguments the field's argument values, variables and defaults applied
   * @throws ArgumentException when the arguments make no sense, with a message for the client
   */
  default void check(String typeName, String fieldName, Map<String, Object> arguments) {}

  /**
   * How many items the list field {@code typeName.fieldName} returns for each parent object, or
   * empty for the engine's default list size.
   *
   * @throws ArgumentException when the arguments that size the list are out of bounds
   */
  default OptionalLong listSize(String typeName, String fieldName, Map<String, Object> arguments) {
    return OptionalLong.empty();
  }

  /**
   * The IBM {@code sizedFields} of {@code typeName.fieldName}: sub-fields of the object it returns
   * (a connection's {@code edges}, {@code nodes}) whose list size is the {@link #listSize} of this
   * field, called with this field's arguments. Empty, the default: {@link #listSize} sizes the field
   * itself.
   */
  default Set<String> sizedFields(String typeName, String fieldName) {
    return Set.of();
  }

  /**
   * What one occurrence of {@code typeName.fieldName} costs, multiplied by how many times the
   * response may hold it; empty for the engine's default: 1 for a field returning objects, 0 for a
   * scalar or enum. {@link SchemaCosts} reads it from the IBM {@code @cost} directive.
   */
  default OptionalLong cost(String typeName, String fieldName) {
    return OptionalLong.empty();
  }
}
