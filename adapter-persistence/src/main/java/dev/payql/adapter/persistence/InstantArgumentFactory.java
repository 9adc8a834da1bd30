package dev.payql.adapter.persistence;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Binds an {@link Instant} as a {@code TIMESTAMP WITH TIME ZONE} in UTC. Both drivers take an
 * {@link OffsetDateTime} for it (JDBC 4.2), so no JVM default time zone ever takes part.
 */
final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {

  InstantArgumentFactory() {
    super(Types.TIMESTAMP_WITH_TIMEZONE);
  }

  @Override
  protected Argument build(Instant value, ConfigRegistry config) {
    OffsetDateTime utc = value.atOffset(ZoneOffset.UTC);
    return (position, statement, context) -> statement.setObject(position, utc, Types.TIMESTAMP_WITH_TIMEZONE);
  }
}
