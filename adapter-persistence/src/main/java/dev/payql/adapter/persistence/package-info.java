/**
 * The persistence adapter: the {@link dev.payql.ports.out.store.PurchaseStore} on JDBI, over an H2
 * file database (one instance, the default) or PostgreSQL (several instances), chosen by the JDBC
 * URL. The composition root calls {@link dev.payql.adapter.persistence.Persistence#open(PersistenceConfig)};
 * Flyway migrations in {@code db/migration} are the same SQL on both databases, and what differs
 * between the two lives in {@link dev.payql.adapter.persistence.Dialect}. A module that keeps tables
 * of its own in the same database (the market-data API) names its migrations in the configuration
 * and reaches its tables through {@link dev.payql.adapter.persistence.Persistence#jdbi()} and
 * {@link dev.payql.adapter.persistence.StoreFailures}.
 */
package dev.payql.adapter.persistence;
