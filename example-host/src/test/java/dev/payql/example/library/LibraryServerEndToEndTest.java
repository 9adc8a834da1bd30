package dev.payql.example.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PayQL mounted in the host's own servlet container at {@code /pay/*}, beside a route of the
 * host's: bought, paid, redeemed and replayed over real HTTP under the mount point, its page and
 * assets served there, the host's route untouched.
 */
class LibraryServerEndToEndTest {

  private static final String BODY = "{\"query\":\"{ books(first: 2) { title author } }\"}";

  @TempDir
  Path dataDirectory;
  private LibraryServer host;
  private LibraryBuyer buyer;

  @BeforeEach
  void start() {
    host = LibraryServer.start(dataDirectory, Map.of(), 0);
    buyer = new LibraryBuyer(host.baseUrl());
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @Test
  void aRequestIsSoldPaidRunOnceAndReplayedUnderTheMountPoint() throws Exception {
    JsonNode invoice = LibraryBuyer.json(buyer.post("pay/api/invoice", BODY, null));
    assertThat(invoice.get("cost").asLong()).as("two books asked for").isEqualTo(2);
    String key = invoice.get("apikey").asText();

    HttpResponse<String> unpaid = buyer.post("pay/graphql", BODY, key);
    HttpResponse<String> paying = buyer.post("pay/dev/pay",
        LibraryBuyer.JSON.writeValueAsString(Map.of("paymentRequest", invoice.get("paymentRequest").asText())), null);
    HttpResponse<String> paid = buyer.post("pay/graphql", BODY, key);
    HttpResponse<String> replay = buyer.post("pay/graphql", BODY, key);

    assertThat(unpaid.statusCode()).isEqualTo(402);
    assertThat(paying.statusCode()).as(paying.body()).isEqualTo(200);
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
    assertThat(paid.body()).contains("\"title\":\"The Left Hand of Darkness\"").contains("\"title\":\"Solaris\"");
    assertThat(replay.headers().firstValue("PayQL-Replay")).contains("true");
    assertThat(replay.body()).isEqualTo(paid.body());

    HttpResponse<String> metrics = buyer.get("pay/metrics");
    assertThat(metrics.body()).as("routes are PayQL's own, without the host's mount point")
        .contains("route=\"/graphql\",status=\"200\"").doesNotContain("route=\"/pay/graphql\"");
  }

  @Test
  void theHostsOwnRouteIsTheHostsAndUnknownPathsUnderTheMountAreProblems() throws Exception {
    HttpResponse<String> catalogue = buyer.get("catalogue");
    assertThat(catalogue.statusCode()).isEqualTo(200);
    assertThat(catalogue.body()).contains("Kindred");

    HttpResponse<String> unknown = buyer.get("pay/nothing");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(LibraryBuyer.json(unknown).get("code").asText()).isNotBlank();

    HttpResponse<String> bad = buyer.post("pay/api/invoice", "{\"query\":\"{ books(first: 1000) { title } }\"}", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(LibraryBuyer.json(bad).get("detail").asText()).contains("between 1 and 100");

    assertThat(buyer.get("pay/health/ready").statusCode()).isEqualTo(200);
    assertThat(buyer.get("pay/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void thePageIsServedAtTheMountPointWithEveryAssetBelowIt() throws Exception {
    HttpResponse<String> bare = buyer.get("pay");
    assertThat(bare.statusCode()).isEqualTo(308);
    assertThat(bare.headers().firstValue("Location")).hasValue("/pay/");

    HttpResponse<String> page = buyer.get("pay/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>PayQL");
    Matcher asset = Pattern.compile("(?:src|href)=\"((?:web|webjars)/[^\"]+)\"").matcher(page.body());
    int assets = 0;
    while (asset.find()) {
      // resolved as the browser does, against the page's own address
      URI resolved = host.baseUrl().resolve("pay/").resolve(asset.group(1));
      assertThat(resolved.getPath()).startsWith("/pay/");
      HttpResponse<String> served = buyer.get(resolved.toString());
      assertThat(served.statusCode()).as(resolved.toString()).isEqualTo(200);
      assets++;
    }
    assertThat(assets).isGreaterThanOrEqualTo(6);
  }
}
