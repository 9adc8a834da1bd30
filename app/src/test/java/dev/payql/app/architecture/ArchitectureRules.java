package dev.payql.app.architecture;

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
      .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS, APP)
      .as("domain, ports and services never reach out to adapters or the app")
      .because("dependencies point inwards in a hexagon");

  static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching("dev.payql.adapter.(*)..")
      .should().notDependOnEachOther()
      .as("no adapter depends on another adapter")
      .because("adapters are swapped by configuration; only the app sees them all");

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
