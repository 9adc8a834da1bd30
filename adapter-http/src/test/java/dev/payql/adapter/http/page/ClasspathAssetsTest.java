package dev.payql.adapter.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The assets' own path check, which holds where the container in front does not normalise paths. */
class ClasspathAssetsTest {

  @Test
  void plainNamesInsideTheFolderAreSafe() {
    assertThat(ClasspathAssets.isSafe("payql.js")).isTrue();
    assertThat(ClasspathAssets.isSafe("graphiql/2.4.7/graphiql.min.js")).isTrue();
    assertThat(ClasspathAssets.isSafe("react/18.2.0/umd/react.production.min.js")).isTrue();
  }

  @Test
  void pathsThatCouldLeaveTheFolderAreNot() {
    for (String path : new String[] {"../logback.xml", "web/../../x.js", "..", ".", "./payql.js", "a/./b.js",
        "/etc/passwd", "a//b.js", "a\\b.js", "a/b/", "", "%2e%2e/x.js", "a/.../b.js"}) {
      assertThat(ClasspathAssets.isSafe(path)).as(path).isFalse();
    }
  }
}
