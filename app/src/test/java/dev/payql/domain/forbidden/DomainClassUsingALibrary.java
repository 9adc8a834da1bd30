package dev.payql.domain.forbidden;

import com.tngtech.archunit.core.domain.JavaClass;

/**
 * Deliberately breaks the domain rule (a library type in the domain), so a test can show the rule
 * catches it. Lives in test sources: production classes never see it.
 */
public class DomainClassUsingALibrary {

  public String nameOf(JavaClass type) {
    return type.getName();
  }
}
