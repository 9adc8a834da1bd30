package dev.payql.api.marketdata;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code scalar Timestamp}: an ISO-8601 instant or offset date-time string, or whole seconds since
 * the epoch; written back as ISO-8601 in UTC. Being a scalar, a bad literal is a validation error
 * with its location, caught when the request is inspected rather than after it is paid for.
 */
final class TimestampScalar {

  static final GraphQLScalarType TYPE = GraphQLScalarType.newScalar()
      .name("Timestamp")
      .description("An ISO-8601 string or integer seconds since the epoch; returned as ISO-8601 in UTC.")
      .coercing(new InstantCoercing())
      .build();

  private TimestampScalar() {}

  private static final class InstantCoercing implements Coercing<Instant, String> {

    @Override
    public String serialize(Object value, GraphQLContext context, Locale locale) {
      if (value instanceof Instant instant) {
        return instant.toString();
      }
      throw new CoercingSerializeException("not an instant: " + value.getClass().getSimpleName());
    }

    @Override
    public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
      try {
        return switch (input) {
          case String text -> fromText(text);
          case Integer seconds -> Instant.ofEpochSecond(seconds);
          case Long seconds -> Instant.ofEpochSecond(seconds);
          case BigInteger seconds -> Instant.ofEpochSecond(seconds.longValueExact());
          case BigDecimal seconds -> Instant.ofEpochSecond(seconds.longValueExact());
          default -> throw new CoercingParseValueException(expected());
        };
      } catch (ArithmeticException | DateTimeException e) {
        throw new CoercingParseValueException(expected());
      }
    }

    @Override
    public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      try {
        return switch (input) {
          case StringValue text -> fromText(text.getValue());
          case IntValue seconds -> Instant.ofEpochSecond(seconds.getValue().longValueExact());
          default -> throw new CoercingParseLiteralException(expected());
        };
      } catch (ArithmeticException | DateTimeException e) {
        throw new CoercingParseLiteralException(expected());
      }
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
      return StringValue.of(parseValue(input, context, locale).toString());
    }

    private static Instant fromText(String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return OffsetDateTime.parse(text).toInstant();
      }
    }

    private static String expected() {
      return "a Timestamp is an ISO-8601 string such as \"2024-05-01T12:00:00Z\" or integer seconds since the epoch";
    }
  }
}
