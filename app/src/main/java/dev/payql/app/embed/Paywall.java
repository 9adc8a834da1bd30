package dev.payql.app.embed;

import dev.payql.app.PayqlApplication;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.config.SettingsSource;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.FieldRules;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.ports.out.node.LightningNode;
import graphql.schema.GraphQLSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * PayQL inside a host's own JVM, selling the host's own graphql-java schema: the host hands in its
 * executable schema (and, if it likes, the rules that size its lists), where purchases are kept,
 * the node to sell through and PayQL's settings, and gets a running paywall that serves PayQL's
 * HTTP contract ({@code /api/invoice}, {@code /graphql}, ...) on a port of its own
 * ({@link Builder#start()}), or a servlet its own container serves ({@link Builder#startMounted()}).
 * Nothing the host touches is a Javalin type. docs/embedding.md shows it whole.
 *
 * <pre>{@code
 * try (Paywall paywall = Paywall.selling(schema).dataDirectory(Path.of("payql-data")).start()) {
 *   URI graphql = paywall.baseUrl().resolve("/graphql");
 * }
 * }</pre>
 */
public final class Paywall implements AutoCloseable {

  private final PayqlApplication application;
  private final String host;

  private Paywall(PayqlApplication application, String host) {
    this.application = application;
    this.host = host;
  }

  /** A paywall in front of {@code schema}: its data fetchers run once a request is paid. */
  public static Builder selling(GraphQLSchema schema) {
    return new Builder(Objects.requireNonNull(schema, "schema"));
  }

  /** The port PayQL listens on (the one chosen when the settings said {@code PAYQL_PORT=0}). */
  public int port() {
    return application.port();
  }

  /** {@code http://127.0.0.1:<port>/} (or the configured host). */
  public URI baseUrl() {
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** Stops serving and closes the store and the node PayQL opened. */
  @Override
  public void close() {
    application.close();
  }

  /** What the host hands in; everything but the schema has PayQL's defaults. */
  public static final class Builder {

    private final GraphQLSchema schema;
    private FieldRules rules = FieldRules.NONE;
    private Path dataDirectory = PayqlConfig.DEFAULT_DATA_DIR;
    private final Map<String, String> settings = new HashMap<>();
    private Optional<PayqlApplication.NodeOverride> node = Optional.empty();

    private Builder(GraphQLSchema schema) {
      this.schema = schema;
    }

    /** How the schema's arguments are checked and its lists sized when a request is priced. */
    public Builder fieldRules(FieldRules fieldRules) {
      this.rules = Objects.requireNonNull(fieldRules, "fieldRules");
      return this;
    }

    /** Where the purchases (an H2 file) and the simulated node's files live, unless a JDBC URL is set. */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * PayQL's own settings by their environment names ({@code PAYQL_PORT}, {@code PAYQL_STORE_URL},
     * {@code PAYQL_NODE_BACKEND}, {@code PAYQL_PRICE_PER_UNIT_MSAT}, ...: docs/configuration.md).
     */
    public Builder setting(String name, String value) {
      settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * A node the host already runs or built (any {@link LightningNode}); without one PayQL opens
     * the node its settings name, the simulated one by default.
     *
     * @param settlementCursor the name under which PayQL remembers how far it read the node's settlements
     */
    public Builder node(LightningNode lightningNode, String settlementCursor) {
      this.node = Optional.of(new PayqlApplication.NodeOverride(lightningNode, settlementCursor, Optional.empty()));
      return this;
    }

    /** Starts serving on a port of PayQL's own; throws with the setting's name when a setting is wrong. */
    public Paywall start() {
      Prepared prepared = prepare();
      return new Paywall(PayqlApplication.start(prepared.config(), Clock.systemUTC(), prepared.overrides()),
          prepared.config().server().host());
    }

    /**
     * Starts everything but the listening, for the host's own servlet container to serve
     * {@link MountedPaywall#servlet()} where it likes (ADR 0039); {@code PAYQL_PORT} and
     * {@code PAYQL_HOST} are then not used.
     */
    public MountedPaywall startMounted() {
      Prepared prepared = prepare();
      return new MountedPaywall(PayqlApplication.startMounted(prepared.config(), Clock.systemUTC(),
          prepared.overrides()));
    }

    private Prepared prepare() {
      Map<String, String> environment = new HashMap<>(settings);
      environment.putIfAbsent("PAYQL_DATA_DIR", dataDirectory.toString());
      PayqlConfig config = PayqlConfig.from(SettingsSource.load(Optional.empty(), environment));
      GraphQLQueryEngine engine = new GraphQLQueryEngine(schema, rules,
          EngineSettings.defaults().withExecutionTimeout(config.executionTimeout()));
      PayqlApplication.Overrides overrides = PayqlApplication.Overrides.none().withApi(engine);
      if (node.isPresent()) {
        overrides = overrides.withNode(node.get());
      }
      return new Prepared(config, overrides);
    }

    private record Prepared(PayqlConfig config, PayqlApplication.Overrides overrides) {}
  }
}
