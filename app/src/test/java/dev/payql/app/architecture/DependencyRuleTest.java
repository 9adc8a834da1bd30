package dev.payql.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks every production class of every module against the architecture rules. */
class DependencyRuleTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // the ports test-jar (contract suites, doubles) is on this module's test classpath too
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.payql");
  }

  @Test
  void theDomainDependsOnTheJdkOnly() {
    ArchitectureRules.DOMAIN_DEPENDS_ON_THE_JDK_ONLY.check(production);
  }

  @Test
  void portsAndServicesDependOnTheDomainAndTheJdkOnly() {
    ArchitectureRules.PORTS_DEPEND_ON_THE_DOMAIN_AND_THE_JDK_ONLY.check(production);
  }

  @Test
  void theCoreDoesNotKnowTheAdapters() {
    ArchitectureRules.THE_CORE_DOES_NOT_KNOW_THE_ADAPTERS.check(production);
  }

  @Test
  void adaptersDoNotDependOnEachOther() {
    ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(production);
  }

  @Test
  void theHttpAdapterSpeaksHttpOnly() {
    ArchitectureRules.THE_HTTP_ADAPTER_SPEAKS_HTTP_ONLY.check(production);
  }

  @Test
  void theEngineServesAnySchema() {
    ArchitectureRules.THE_ENGINE_SERVES_ANY_SCHEMA.check(production);
  }

  @Test
  void apisDoNotDependOnEachOther() {
    ArchitectureRules.APIS_DO_NOT_DEPEND_ON_EACH_OTHER.check(production);
  }

  @Test
  void anApiReachesOnlyTheDatabaseOfTheAdapters() {
    ArchitectureRules.AN_API_REACHES_ONLY_THE_DATABASE_OF_THE_ADAPTERS.check(production);
  }

  @Test
  void theStoreHoldsPurchasesOnly() {
    ArchitectureRules.THE_STORE_HOLDS_PURCHASES_ONLY.check(production);
  }

  @Test
  void theEmbeddingEntryPointShowsNoHttpLibrary() {
    ArchitectureRules.THE_EMBEDDING_ENTRY_POINT_SHOWS_NO_HTTP_LIBRARY.check(production);
  }

  @Test
  void onlyTheAppSeesTheApp() {
    ArchitectureRules.ONLY_THE_APP_SEES_THE_APP.check(production);
  }

  @Test
  void theCoreNamesNoTechnology() {
    ArchitectureRules.THE_CORE_NAMES_NO_TECHNOLOGY.check(production);
  }
}
