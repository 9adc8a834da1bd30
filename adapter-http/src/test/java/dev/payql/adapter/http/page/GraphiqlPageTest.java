package dev.payql.adapter.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A bare Javalin with nothing but the page installed, spoken to over real HTTP. */
class GraphiqlPageTest {

  private static Javalin app;
  private static HttpClient client;

  @BeforeAll
  static void start() {
    app = Javalin.create(GraphiqlPage::install).start("127.0.0.1", 0);
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void theRootServesTheGraphiqlPageWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body())
        .contains("<title>PayQL")
        .contains("role=\"dialog\"")
        .contains("aria-labelledby=\"pay-title\"")
        .contains("\"webjars/graphiql/2.4.7/graphiql.min.js\"")
        .contains("\"webjars/react/18.2.0/umd/react.production.min.js\"")
        .doesNotContain("{{")
        .doesNotContain("https://");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
        .contains("script-src 'self'")
        .contains("connect-src 'self'")
        .doesNotContain("unsafe-eval"));
  }

  @Test
  void everyScriptAndStylesheetThePageNamesIsServedFromTheClasspath() throws Exception {
    String page = get("/").body();
    List<String> assets = new ArrayList<>();
    // relative to the page, so they resolve under a host's mount point too
    Matcher matcher = Pattern.compile("(?:src|href)=\"((?:web|webjars)/[^\"]+)\"").matcher(page);
    while (matcher.find()) {
      assets.add(matcher.group(1));
    }
    assertThat(page).doesNotContain("src=\"/").doesNotContain("href=\"/");

    assertThat(assets).contains("web/payql.js", "web/payql.css").hasSizeGreaterThanOrEqualTo(6);
    for (String asset : assets) {
      HttpResponse<String> response = get("/" + asset);
      assertThat(response.statusCode()).as(asset).isEqualTo(200);
      assertThat(response.body()).as(asset).isNotBlank();
      String expectedType = asset.endsWith(".css") ? "text/css" : "javascript";
      assertThat(response.headers().firstValue("Content-Type")).as(asset)
          .hasValueSatisfying(type -> assertThat(type).contains(expectedType));
    }
  }

  @Test
  void theQrEndpointDrawsABolt11InvoiceAsSvg() throws Exception {
    HttpResponse<String> response = get("/qr.svg?data="
        + URLEncoder.encode(InvoiceQrCodeTest.REGTEST.toUpperCase(), StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("image/svg+xml"));
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.body()).isEqualTo(InvoiceQrCode.of(InvoiceQrCodeTest.REGTEST).svg());
  }

  @Test
  void theQrEndpointAnswersBadInputWithAProblemAndNeverEchoesIt() throws Exception {
    for (String query : List.of("", "?data=", "?data=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?data=lnbcrt2500n1PJQ9w7ypp5zyg3zyg3", "?data=lnbcrt1" + "q".repeat(5000),
        "?data=lnbcrt1" + "q".repeat(InvoiceQrCode.MAX_LENGTH))) {
      HttpResponse<String> response = get("/qr.svg" + query);

      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
      assertThat(response.body()).as(query)
          .contains("\"code\":\"invalid_request\"")
          .contains("\"detail\":\"data ")
          .doesNotContain("script")
          .doesNotContain("PJQ9");
    }
  }

  @Test
  void unknownAssetPathsAreNotFound() throws Exception {
    assertThat(get("/web/does-not-exist.js").statusCode()).isEqualTo(404);
    assertThat(get("/webjars/graphiql/0.0.0/graphiql.min.js").statusCode()).isEqualTo(404);
    assertThat(get("/web/index.html").statusCode()).as("only the page's own kinds of asset").isEqualTo(404);
    // a path out of the asset folders is refused by Jetty (400) or by the assets' own check (404)
    for (String escape : List.of("/web/../web/payql.js", "/web/%2e%2e/logback.xml", "/web/.%2e/logback.xml",
        "/webjars/../../../dev/payql/adapter/http/page/GraphiqlPage.class", "/webjars/graphiql/..%2F..%2Flogback.xml")) {
      assertThat(get(escape).statusCode()).as(escape).isIn(400, 404);
    }
  }

  @Test
  void thePagesOwnFilesAreRevalidatedAndVersionedWebjarsKept() throws Exception {
    HttpResponse<String> own = get("/web/payql.js");
    assertThat(own.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(own.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    HttpResponse<String> webjar = get("/webjars/react/18.2.0/umd/react.production.min.js");
    assertThat(webjar.statusCode()).isEqualTo(200);
    assertThat(webjar.headers().firstValue("Cache-Control")).hasValueSatisfying(cache ->
        assertThat(cache).contains("immutable"));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
