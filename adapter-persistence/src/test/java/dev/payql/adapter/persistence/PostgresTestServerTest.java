package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PostgresTestServer.Availability;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which PostgreSQL the PostgreSQL tests get: the configured one, an embedded one, or none. */
class PostgresTestServerTest {

  private final AtomicInteger starts = new AtomicInteger();

  private final PostgresTestServer.Starter embedded = () -> {
    starts.incrementAndGet();
    return "jdbc:postgresql://localhost:54321/postgres?user=postgres";
  };

  @Test
  void aConfiguredUrlIsUsedAsItIs_andNothingIsStarted() {
    Availability availability =
        PostgresTestServer.decide(" jdbc:postgresql://127.0.0.1:5432/test?user=postgres ", Optional::empty, false,
            embedded);

    assertThat(availability).isEqualTo(new Availability.Running(
        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", PostgresTestServer.URL_VARIABLE));
    assertThat(starts).hasValue(0);
  }

  @Test
  void withoutAUrl_theMachinesOwnServerIsUsedWhenItAnswers_evenForRoot() {
    Availability availability = PostgresTestServer.decide(null,
        () -> Optional.of(PostgresTestServer.LOCAL_URL), true, embedded);

    assertThat(availability).isInstanceOf(Availability.Running.class);
    assertThat(((Availability.Running) availability).baseUrl()).isEqualTo(PostgresTestServer.LOCAL_URL);
    assertThat(starts).hasValue(0);
  }

  @Test
  void withoutAUrl_aNonRootUserGetsTheEmbeddedServer() {
    Availability availability = PostgresTestServer.decide("", Optional::empty, false, embedded);

    assertThat(availability).isEqualTo(new Availability.Running(
        "jdbc:postgresql://localhost:54321/postgres?user=postgres", "embedded PostgreSQL"));
    assertThat(starts).hasValue(1);
  }

  @Test
  void withoutAUrl_rootGetsNoServer_andIsToldHowToEnableTheTests() {
    Availability availability = PostgresTestServer.decide(null, Optional::empty, true, embedded);

    assertThat(availability).isInstanceOf(Availability.Missing.class);
    assertThat(((Availability.Missing) availability).message())
        .contains("root", "set PAYQL_TEST_PG_URL", "non-root user");
    assertThat(starts).hasValue(0);
  }

  @Test
  void anEmbeddedServerThatDoesNotStart_isReportedWithItsCause() {
    PostgresTestServer.Starter broken = () -> {
      throw new IOException("initdb: could not create directory");
    };

    Availability availability = PostgresTestServer.decide(null, Optional::empty, false, broken);

    assertThat(availability).isInstanceOf(Availability.Missing.class);
    assertThat(((Availability.Missing) availability).message())
        .contains("initdb: could not create directory", "set PAYQL_TEST_PG_URL");
  }
}
