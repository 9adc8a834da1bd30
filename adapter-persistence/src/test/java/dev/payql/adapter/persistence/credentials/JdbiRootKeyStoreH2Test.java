package dev.payql.adapter.persistence.credentials;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.ports.out.credentials.RootKeyStore;
import dev.payql.ports.out.credentials.RootKeyStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class JdbiRootKeyStoreH2Test extends RootKeyStoreContract {

  @TempDir
  Path dataDirectory;

  private Persistence persistence;

  @Override
  protected RootKeyStore emptyStore() {
    persistence = Persistence.open(PersistenceConfig.h2(dataDirectory));
    return persistence.rootKeys();
  }

  @Override
  protected RootKeyStore sameStoreAgain() {
    return persistence.rootKeys();
  }

  @AfterEach
  void close() {
    persistence.close();
  }
}
