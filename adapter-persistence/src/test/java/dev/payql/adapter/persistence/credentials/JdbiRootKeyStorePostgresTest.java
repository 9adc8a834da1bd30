package dev.payql.adapter.persistence.credentials;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import dev.payql.ports.out.credentials.RootKeyStore;
import dev.payql.ports.out.credentials.RootKeyStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** On PostgreSQL, "the same store again" is a second connection pool, as a second instance has. */
@RequiresPostgres
class JdbiRootKeyStorePostgresTest extends RootKeyStoreContract {

  private PostgresTestDatabase database;
  private final List<Persistence> opened = new ArrayList<>();

  @Override
  protected RootKeyStore emptyStore() {
    database = PostgresTestDatabase.create();
    return open();
  }

  @Override
  protected RootKeyStore sameStoreAgain() {
    return open();
  }

  private synchronized RootKeyStore open() {
    Persistence persistence = Persistence.open(database.config());
    opened.add(persistence);
    return persistence.rootKeys();
  }

  @AfterEach
  void close() {
    opened.forEach(Persistence::close);
    database.close();
  }
}
