package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fifty clients presenting one paid credential at once over HTTP: exactly one execution on the
 * server, every other client gets the same bytes replayed or 409. The same for a Bearer key, an
 * L402 credential and a Payment credential (issue 13: the schemes are adapters over one purchase).
 */
class ConcurrentRedemptionEndToEndTest {

  private static final String BODY = Buyer.body("{ exchange (exchangeSymbol:\"binance\") { country } }");
  private static final Pattern AUTH_PARAM = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");

  @TempDir
  Path dataDir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Bearer", "L402", "Payment"})
  void fiftyClientsPresentingOnePaidCredentialAtOnceExecuteItExactlyOnce(String scheme) throws Exception {
    WatchedEngine[] engine = new WatchedEngine[1];
    try (PayqlTestInstance payql = PayqlTestInstance.start(dataDir, Map.of(), Clock.systemUTC(),
        real -> engine[0] = new WatchedEngine(real))) {
      Buyer buyer = payql.buyer();
      String credential = buyPaid(buyer, scheme);

      CountDownLatch start = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      try (ExecutorService clients = Executors.newFixedThreadPool(50)) {
        for (int i = 0; i < 50; i++) {
          answers.add(clients.submit(() -> {
            start.await();
            return buyer.post("/graphql", BODY, Map.of("Authorization", credential));
          }));
        }
        start.countDown();
        int fresh = 0;
        int replayed = 0;
        int busy = 0;
        String firstBody = null;
        for (Future<HttpResponse<String>> future : answers) {
          HttpResponse<String> answer = future.get();
          assertThat(answer.statusCode()).as(answer.body()).isIn(200, 409);
          if (answer.statusCode() == 409) {
            assertThat(Buyer.parse(answer).get("code").asText()).isEqualTo("redemption_in_progress");
            busy++;
            continue;
          }
          boolean replay = answer.headers().firstValue("PayQL-Replay").isPresent();
          fresh += replay ? 0 : 1;
          replayed += replay ? 1 : 0;
          firstBody = firstBody == null ? answer.body() : firstBody;
          assertThat(answer.body()).as("every 200 carries the same bytes").isEqualTo(firstBody);
        }
        assertThat(fresh).as("answers that ran the request").isEqualTo(1);
        assertThat(fresh + replayed + busy).isEqualTo(50);
        System.out.printf("50 clients, one %s credential: %d execution, %d replays, %d × 409 redemption_in_progress%n",
            scheme, fresh, replayed, busy);
      }
      assertThat(engine[0].executions()).as("executions counted by the server").isEqualTo(1);
    }
  }

  /** Buys BODY and pays it, as a client of {@code scheme} would; returns its Authorization value. */
  private static String buyPaid(Buyer buyer, String scheme) {
    if (scheme.equals("Bearer")) {
      JsonNode invoice = buyer.invoice(BODY);
      buyer.pay(invoice);
      return "Bearer " + invoice.get("apikey").asText();
    }
    HttpResponse<String> challenged = buyer.post("/graphql", BODY, Map.of());
    assertThat(challenged.statusCode()).as(challenged.body()).isEqualTo(402);
    String preimage = buyer.pay(Buyer.parse(challenged));
    Map<String, String> challenge = challenge(challenged, scheme);
    if (scheme.equals("L402")) {
      return "L402 " + challenge.get("macaroon") + ":" + preimage;
    }
    // as Alby's buildMppCredential: the challenge echoed, with the preimage
    ObjectNode credential = Buyer.JSON.createObjectNode();
    ObjectNode echo = credential.putObject("challenge");
    for (String name : List.of("id", "realm", "method", "intent", "request", "expires")) {
      echo.put(name, challenge.get(name));
    }
    credential.putObject("payload").put("preimage", preimage);
    return "Payment " + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(credential.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The parameters of the 402's {@code WWW-Authenticate} challenge of {@code scheme}. */
  private static Map<String, String> challenge(HttpResponse<String> challenged, String scheme) {
    String header = challenged.headers().allValues("WWW-Authenticate").stream()
        .filter(value -> value.startsWith(scheme + " ")).findFirst().orElseThrow();
    Map<String, String> params = new LinkedHashMap<>();
    Matcher param = AUTH_PARAM.matcher(header);
    while (param.find()) {
      params.put(param.group(1), param.group(2));
    }
    return params;
  }
}
