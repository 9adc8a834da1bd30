package dev.payql.adapter.persistence.credentials;

import dev.payql.adapter.persistence.StoreFailures;
import dev.payql.ports.out.credentials.RootKeyStore;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The sealed root key in table {@code credential_root_keys}: an INSERT guarded by the primary key,
 * then a SELECT, so of instances starting at once the first insert wins and all read the same row.
 */
public final class JdbiRootKeyStore implements RootKeyStore {

  /** The key in use; a rotation would add another name beside it. */
  static final String CURRENT = "current";

  private final Jdbi jdbi;
  private final StoreFailures failures;

  public JdbiRootKeyStore(Jdbi jdbi, StoreFailures failures) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  @Override
  public byte[] sealedRootKey(byte[] candidate) {
    String encoded = Base64.getEncoder().encodeToString(candidate);
    try {
      jdbi.useHandle(handle -> handle.createUpdate(
              "INSERT INTO credential_root_keys (name, sealed_key, created_at) VALUES (:name, :sealed, :now)")
          .bind("name", CURRENT).bind("sealed", encoded).bind("now", Instant.now()).execute());
    } catch (JdbiException e) {
      if (!StoreFailures.isUniqueViolation(e)) {
        throw failures.translate(e);
      }
      // another instance stored its key first: that one is everyone's
    }
    String stored = failures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(
            "SELECT sealed_key FROM credential_root_keys WHERE name = :name")
        .bind("name", CURRENT).mapTo(String.class).one()));
    return Base64.getDecoder().decode(stored);
  }
}
