package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DialectTest {

  @Test
  void everyH2UrlIsOpenedWithoutAWriteDelayNorACompactionOnClose() {
    String url = PersistenceConfig.h2Url(Path.of("/var/lib/payql"));

    assertThat(Dialect.H2.connectionUrl(url)).isEqualTo(url + ";WRITE_DELAY=0;MAX_COMPACT_TIME=0");
    assertThat(Dialect.H2.connectionUrl("jdbc:h2:file:/srv/payql/db")).endsWith(";WRITE_DELAY=0;MAX_COMPACT_TIME=0");
  }

  @Test
  void anH2UrlThatSetsItsOwnWriteDelayOrCompactionTimeKeepsIt() {
    String url = "jdbc:h2:file:/srv/payql/db;write_delay=100";

    assertThat(Dialect.H2.connectionUrl(url)).isEqualTo(url + ";MAX_COMPACT_TIME=0");
    assertThat(Dialect.H2.connectionUrl("jdbc:h2:file:/srv/payql/db;Max_Compact_Time=50;WRITE_DELAY=0"))
        .isEqualTo("jdbc:h2:file:/srv/payql/db;Max_Compact_Time=50;WRITE_DELAY=0");
  }

  @Test
  void aPostgresqlUrlIsOpenedAsGiven() {
    String url = "jdbc:postgresql://db.internal:5432/payql?ssl=true";

    assertThat(Dialect.POSTGRESQL.connectionUrl(url)).isEqualTo(url);
  }
}
