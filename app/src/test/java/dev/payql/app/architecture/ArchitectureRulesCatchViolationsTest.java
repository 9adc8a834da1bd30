package dev.payql.app.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.payql.adapter.http.forbidden.RouteParsingGraphQL;
import dev.payql.adapter.persistence.forbidden.StoreServingMarketData;
import dev.payql.api.forbidden.ApiBuiltOnTheMarketDataApi;
import dev.payql.api.marketdata.MarketDataApi;
import dev.payql.api.marketdata.forbidden.ApiReadingPurchases;
import dev.payql.app.embed.forbidden.PaywallHandingOutJavalin;
import dev.payql.domain.forbidden.DomainClassUsingALibrary;
import dev.payql.engine.forbidden.EngineReadingMarketData;
import dev.payql.ports.forbidden.LndInvoiceMapper;
import org.junit.jupiter.api.Test;

/** The rules are not vacuous: deliberately bad classes in test sources make them fail, saying why. */
class ArchitectureRulesCatchViolationsTest {

  @Test
  void aLibraryTypeInTheDomainBreaksTheDomainRule() {
    var bad = new ClassFileImporter().importClasses(DomainClassUsingALibrary.class);

    assertThatThrownBy(() -> ArchitectureRules.DOMAIN_DEPENDS_ON_THE_JDK_ONLY.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("domain depends on nothing but the JDK")
        .hasMessageContaining("embed the domain")
        .hasMessageContaining("com.tngtech.archunit.core.domain.JavaClass");
  }

  @Test
  void aTechnologyNameInThePortsBreaksTheNamingRule() {
    var bad = new ClassFileImporter().importClasses(LndInvoiceMapper.class);

    assertThatThrownBy(() -> ArchitectureRules.THE_CORE_NAMES_NO_TECHNOLOGY.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("name no node, store or engine technology")
        .hasMessageContaining("LndInvoiceMapper");
  }

  @Test
  void graphqlJavaInTheHttpAdapterBreaksTheHttpOnlyRule() {
    var bad = new ClassFileImporter().importClasses(RouteParsingGraphQL.class);

    assertThatThrownBy(() -> ArchitectureRules.THE_HTTP_ADAPTER_SPEAKS_HTTP_ONLY.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("knows neither graphql-java")
        .hasMessageContaining("graphql.parser.Parser");
  }

  @Test
  void marketDataInTheEngineBreaksTheAnySchemaRule() {
    var bad = new ClassFileImporter().importClasses(EngineReadingMarketData.class);

    assertThatThrownBy(() -> ArchitectureRules.THE_ENGINE_SERVES_ANY_SCHEMA.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("knows no API being sold")
        .hasMessageContaining("MarketData");
  }

  @Test
  void oneApiUsingAnotherBreaksTheApisApartRule() {
    var bad = new ClassFileImporter().importClasses(ApiBuiltOnTheMarketDataApi.class, MarketDataApi.class);

    assertThatThrownBy(() -> ArchitectureRules.APIS_DO_NOT_DEPEND_ON_EACH_OTHER.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no API being sold depends on another")
        .hasMessageContaining("ApiBuiltOnTheMarketDataApi");
  }

  @Test
  void thePurchaseStoreInAnApiBreaksTheDatabaseOnlyRule() {
    var bad = new ClassFileImporter().importClasses(ApiReadingPurchases.class);

    assertThatThrownBy(() -> ArchitectureRules.AN_API_REACHES_ONLY_THE_DATABASE_OF_THE_ADAPTERS.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no adapter but the database plumbing")
        .hasMessageContaining("JdbiPurchaseStore");
  }

  @Test
  void marketDataInThePersistenceAdapterBreaksThePurchasesOnlyRule() {
    var bad = new ClassFileImporter().importClasses(StoreServingMarketData.class);

    assertThatThrownBy(() -> ArchitectureRules.THE_STORE_HOLDS_PURCHASES_ONLY.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("knows no API being sold")
        .hasMessageContaining("MarketData");
  }

  @Test
  void aJavalinTypeInTheEmbeddingEntryPointBreaksItsRule() {
    var bad = new ClassFileImporter().importClasses(PaywallHandingOutJavalin.class);

    assertThatThrownBy(() -> ArchitectureRules.THE_EMBEDDING_ENTRY_POINT_SHOWS_NO_HTTP_LIBRARY.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("names no Javalin")
        .hasMessageContaining("io.javalin.Javalin");
  }
}
