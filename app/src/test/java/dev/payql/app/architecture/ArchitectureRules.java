package dev.payql.app.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The hexagon's boundaries, in one place. Each rule names the layers it protects and says why, so a
 * violation message tells the reader which promise the change breaks.
 */
final class ArchitectureRules {

  static final String DOMAIN = "dev.payql.domain..";
  static final String PORTS = "dev.payql.ports..";
  static final String SERVICES = "dev.payql.service..";
  static final String ADAPTERS = "dev.payql.adapter..";
  static final String APP = "dev.payql.app..";
  /** The GraphQL engine, for any schema. */
  static final String ENGINE = "dev.payql.engine..";
  /** The APIs being sold that plug a schema into the engine (the bundled market data). */
  static final String APIS = "dev.payql.api..";
  /** The persistence adapter's database plumbing, without the purchase store on top of it. */
  static final String DATABASE = "dev.payql.adapter.persistence";

  private ArchitectureRules() {}

  static final ArchRule DOMAIN_DEPENDS_ON_THE_JDK_ONLY = classes().that().resideInAPackage(DOMAIN)
      .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
      .as("domain depends on nothing but the JDK")
      .because("other teams embed the domain in their own hosts, whatever framework they run");

  static final ArchRule PORTS_DEPEND_ON_THE_DOMAIN_AND_THE_JDK_ONLY = classes().that()
      .resideInAnyPackage(PORTS, SERVICES)
      .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, PORTS, SERVICES, "java..", "javax.crypto..")
      .as("ports and use-case services depend on the domain and the JDK only")
      .because("a host wires the use cases to adapters of its choice; no adapter technology may leak in"
          + " (javax.crypto is the JDK's own: the credential root key is sealed in the core, whatever the store)");

  static final ArchRule THE_CORE_DOES_NOT_KNOW_THE_ADAPTERS = noClasses().that()
      .resideInAnyPackage(DOMAIN, PORTS, SERVICES)
      .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS, ENGINE, APIS, APP)
      .as("domain, ports and services never reach out to adapters, the engine, the APIs sold or the app")
      .because("dependencies point inwards in a hexagon");

  static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching("dev.payql.adapter.(*)..")
      .should().notDependOnEachOther()
      .as("no adapter depends on another adapter")
      .because("adapters are swapped by configuration; only the app sees them all");

  static final ArchRule THE_HTTP_ADAPTER_SPEAKS_HTTP_ONLY = noClasses().that()
      .resideInAPackage("dev.payql.adapter.http..")
      .should().dependOnClassesThat().resideInAnyPackage("graphql..", ENGINE, APIS)
      .as("the HTTP adapter knows neither graphql-java, the engine nor an API being sold")
      .because("it drives the use cases over HTTP; what is sold and how it executes is chosen by configuration");

  static final ArchRule THE_ENGINE_SERVES_ANY_SCHEMA = noClasses().that().resideInAPackage(ENGINE)
      .should().dependOnClassesThat().resideInAnyPackage(APIS, ADAPTERS, APP)
      .as("the GraphQL engine knows no API being sold, no adapter and not the app")
      .because("it executes any schema plugged into it: the bundled market data, a host's own");

  static final ArchRule APIS_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching("dev.payql.api.(*)..")
      .should().notDependOnEachOther()
      .as("no API being sold depends on another")
      .because("each is one pluggable module; the configuration picks one");

  static final ArchRule AN_API_REACHES_ONLY_THE_DATABASE_OF_THE_ADAPTERS = noClasses().that().resideInAPackage(APIS)
      .should().dependOnClassesThat(resideInAPackage(ADAPTERS).and(not(resideInAPackage(DATABASE))))
      .orShould().dependOnClassesThat().resideInAPackage(APP)
      .as("an API being sold uses no adapter but the database plumbing of the persistence adapter")
      .because("its tables share the configured database; the purchases, the node and HTTP are not its business");

  static final ArchRule THE_STORE_HOLDS_PURCHASES_ONLY = noClasses().that()
      .resideInAPackage("dev.payql.adapter.persistence..")
      .should().dependOnClassesThat().resideInAnyPackage(APIS, ENGINE)
      .as("the persistence adapter knows no API being sold and not the engine")
      .because("it holds the purchases; an API keeps its own tables through the database it is given");

  static final ArchRule THE_EMBEDDING_ENTRY_POINT_SHOWS_NO_HTTP_LIBRARY = noClasses().that()
      .resideInAPackage("dev.payql.app.embed..")
      .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
      .as("what a host touches to embed PayQL names no Javalin or Jetty type")
      .because("a host runs its own stack; PayQL's HTTP library is its own business and may change");

  static final ArchRule ONLY_THE_APP_SEES_THE_APP = noClasses().that()
      .resideOutsideOfPackage(APP)
      .should().dependOnClassesThat().resideInAPackage(APP)
      .as("nothing but the app depends on the app")
      .because("the app is the composition root: it wires, it is not wired");

  static final ArchRule THE_CORE_NAMES_NO_TECHNOLOGY = noClasses().that()
      .resideInAnyPackage(DOMAIN, PORTS, SERVICES)
      .should().haveNameMatching("(?i).*(lnd|cln|jdbi|h2|javalin|graphqljava|lightningj|postgres).*")
      .as("domain and ports name no node, store or engine technology")
      .because("ports are named for what they do (LightningNode, PurchaseStore), not for who does it");
}
