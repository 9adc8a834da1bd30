package dev.payql.adapter.http.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of an npm WebJar on the classpath, read from the pom.properties Maven puts in every
 * jar, so the page names the asset paths of the WebJars actually shipped and the root pom stays the
 * one place their versions are written.
 */
record WebjarVersion(String artifactId, String version) {

  /** Where every WebJar keeps its files on the classpath. */
  static final String FOLDER = "META-INF/resources/webjars";

  static WebjarVersion of(String artifactId) {
    String resource = "META-INF/maven/org.webjars.npm/" + artifactId + "/pom.properties";
    try (InputStream in = WebjarVersion.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the WebJar org.webjars.npm:" + artifactId
            + " is not on the classpath: the GraphiQL page cannot be served without it");
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version");
      if (version == null || !version.matches("[0-9A-Za-z.+-]+")) {
        throw new IllegalStateException("the WebJar org.webjars.npm:" + artifactId + " has no usable version");
      }
      return new WebjarVersion(artifactId, version);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Where the page finds {@code file} of this WebJar, relative to the page. */
  String path(String file) {
    return "webjars/" + artifactId + "/" + version + "/" + file;
  }
}
