package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DialectTest {

  @Test
  void everyH2UrlIsOpenedWithoutAWriteDelay() {
    String url = PersistenceConfig.h2Url(Path.of("/var/lib/payql"));

    assertThat(Dialect.H2.connectionUrl(url)).isEqualTo(url + ";WRITE_DELAY=0");
    assertThat(Dialect.H2.connectionUrl("jdbc:h2:file:/srv/payql/db")).endsWith(";WRITE_DELAY=0");
  }

  @Test
  void anH2UrlThatSetsItsOwnWriteDelayKeepsIt() {
    String url = "jdbc:h2:file:/srv/payql/db;write_delay=100";

    assertThat(Dialect.H2.connectionUrl(url)).isEqualTo(url);
  }

  @Test
  void aPostgresqlUrlIsOpenedAsGiven() {
    String url = "jdbc:postgresql://db.internal:5432/payql?ssl=true";

    assertThat(Dialect.POSTGRESQL.connectionUrl(url)).isEqualTo(url);
  }
}
