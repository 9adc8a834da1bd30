package dev.payql.app.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.payql.domain.forbidden.DomainClassUsingALibrary;
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
}
