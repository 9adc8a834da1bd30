package dev.payql.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reads {@code TIMESTAMP WITH TIME ZONE} columns as instants, the counterpart of {@link InstantArgumentFactory}. */
public final class Timestamps {

  private Timestamps() {}

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    return optionalInstant(rs, column).orElseThrow(() -> new SQLException(column + " is null"));
  }

  public static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
