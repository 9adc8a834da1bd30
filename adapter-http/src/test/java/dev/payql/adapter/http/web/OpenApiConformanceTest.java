package dev.payql.adapter.http.web;

import static dev.payql.adapter.http.web.HttpApiTest.BEARER;
import static dev.payql.adapter.http.web.HttpApiTest.BODY;
import static dev.payql.adapter.http.web.HttpApiTest.EXPIRES;
import static dev.payql.adapter.http.web.HttpApiTest.HASH;
import static dev.payql.adapter.http.web.HttpApiTest.INVOICE;
import static dev.payql.adapter.http.web.HttpApiTest.bytes;
import static dev.payql.adapter.http.web.HostileFramingTest.head;
import static dev.payql.adapter.http.web.StandardCredentials.l402;
import static dev.payql.adapter.http.web.StandardCredentials.macaroonOf;
import static dev.payql.adapter.http.web.StandardCredentials.paymentChallenge;
import static dev.payql.adapter.http.web.StandardCredentials.paymentCredential;
import static dev.payql.adapter.http.web.StandardCredentials.x402Required;
import static dev.payql.adapter.http.web.StandardCredentials.x402Signature;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.BtcUsdRate;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.ports.in.ApiNotReadyException;
import dev.payql.ports.in.InvoiceStatusUseCase;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.store.StoreUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docs/openapi.json cannot drift from the code or from docs/api.md: every row of api.md's outcome
 * tables is read from the file, each has a scenario here that makes the real server give that
 * answer over real HTTP, and each answer (status, media type, body) is validated against the
 * document {@code GET /openapi.json} serves, with networknt's JSON Schema validator in the
 * OpenAPI 3.1 dialect. A row added to api.md without a scenario, or a scenario whose row is gone,
 * fails the test, as does an answer the document does not describe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path API_MD = Path.of("..", "docs", "api.md");
  private static final Path OPENAPI_JSON = Path.of("..", "docs", "openapi.json");
  private static final String DOCUMENT_URI = "https://payql.invalid/openapi.json";
  private static final Pattern CODE = Pattern.compile("`([a-z][a-z0-9_]*)`");
  private static final Pattern STATUS = Pattern.compile("\\b([1-5]\\d\\d)\\b");

  /** What one scenario got: enough to find its description in the document and check it. */
  record Answer(String method, String path, int status, String contentType, String body) {}

  private final ScriptedUseCases ports = new ScriptedUseCases();
  private HttpApi api;
  private HttpApi limited;
  private HttpApi impatient;
  private Http http;
  private JsonNode openapi;
  private SchemaRegistry schemas;

  @BeforeAll
  void start() throws IOException {
    api = new HttpApi(HttpSettings.defaults().withPort(0), ports, ports, ports, ports, ports, List.of(),
        Optional.empty()).start();
    limited = new HttpApi(HttpSettings.defaults().withPort(0).withLimits(ClientLimits.off()
        .withInvoicesPerMinute(1).withUnpaidAttemptsPerMinute(1)), ports, ports, ports, ports, ports, List.of(),
        Optional.empty()).start();
    impatient = new HttpApi(HttpSettings.defaults().withPort(0).withReadTimeout(Duration.ofSeconds(1)), ports, ports,
        ports, ports, ports, List.of(), Optional.empty()).start();
    http = new Http(api.port());
    HttpResponse<byte[]> served = http.get("/openapi.json");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(Http.contentType(served)).startsWith("application/json");
    assertThat(Http.text(served)).as("/openapi.json serves docs/openapi.json")
        .isEqualTo(Files.readString(OPENAPI_JSON));
    openapi = JSON.readTree(served.body());
    schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
        builder -> builder.schemas(Map.of(DOCUMENT_URI, Http.text(served))));
  }

  @AfterAll
  void stop() {
    api.stop();
    limited.stop();
    impatient.stop();
  }

  @Test
  void theDocumentIsOpenApi31AndDescribesEveryRoute() {
    assertThat(openapi.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(iterable(openapi.get("paths").fieldNames())).contains("/api/invoice", "/graphql",
        "/api/invoice/status", "/api/refund", "/api/node", "/health", "/health/live", "/health/ready", "/metrics",
        "/openapi.json", "/dev/pay");
  }

  @Test
  void everyRowOfTheApiTablesHasAScenarioAndItsRealAnswerMatchesTheDocument() throws IOException {
    Map<String, Integer> documented = documentedRows(Files.readString(API_MD));
    Map<String, Supplier<Answer>> scenarios = scenarios();

    assertThat(new TreeSet<>(scenarios.keySet())).as("a scenario for every row of docs/api.md, and no other")
        .isEqualTo(new TreeSet<>(documented.keySet()));
    List<String> failures = new ArrayList<>();
    documented.forEach((row, status) -> {
      Answer answer = scenarios.get(row).get();
      if (answer.status() != status) {
        failures.add(row + ": answered " + answer.status() + " " + answer.body());
        return;
      }
      String code = row.substring(row.lastIndexOf('|') + 1);
      if (CODE.matcher("`" + code + "`").matches() && answer.contentType().startsWith(Problem.CONTENT_TYPE)
          && !answer.body().contains("\"code\":\"" + code + "\"")) {
        failures.add(row + ": answered another code: " + answer.body());
        return;
      }
      failures.addAll(violations(row, answer));
    });
    assertThat(failures).isEmpty();
  }

  @Test
  void theAnswersBesideTheTablesMatchTheDocumentToo() {
    Map<String, Supplier<Answer>> more = new LinkedHashMap<>();
    more.put("an invoice", () -> {
      ports.issue = request -> issued();
      return post(api, "/api/invoice", BODY);
    });
    more.put("a status", () -> {
      ports.status = (key, wait) -> new InvoiceStatusUseCase.Status(PurchaseState.PAID, HASH, EXPIRES);
      return get(api, "/api/invoice/status", "Authorization", BEARER);
    });
    more.put("a status with a wait that is no number", () -> get(api, "/api/invoice/status?wait=soon",
        "Authorization", BEARER));
    more.put("the node", () -> get(api, "/api/node"));
    more.put("readiness", () -> get(api, "/health/ready"));
    more.put("health", () -> get(api, "/health"));
    more.put("liveness", () -> get(api, "/health/live"));
    more.put("metrics", () -> get(api, "/metrics"));
    List<String> failures = new ArrayList<>();
    more.forEach((what, scenario) -> failures.addAll(violations(what, scenario.get())));
    assertThat(failures).isEmpty();
  }

  @Test
  void anAnswerTheDocumentDoesNotDescribeIsCaught() {
    Answer wrongShape = new Answer("POST", "/api/invoice", 200, "application/json", "{\"price\":\"free\"}");
    Answer wrongCode = new Answer("POST", "/graphql", 401, Problem.CONTENT_TYPE,
        "{\"type\":\"urn:payql:problem:key_spent\",\"title\":\"t\",\"status\":401,\"detail\":\"d\",\"code\":\"key_spent\"}");
    Answer undocumentedStatus = new Answer("GET", "/api/node", 418, "application/json", "{}");

    assertThat(violations("wrong shape", wrongShape)).isNotEmpty();
    assertThat(violations("wrong code", wrongCode)).isNotEmpty();
    assertThat(violations("undocumented status", undocumentedStatus)).isNotEmpty();
  }

  // --- docs/api.md

  /**
   * Every row of every table with a status column, as {@code section|status|code} (one key per code
   * a row names) or {@code section|status|first words} for a row without a code, to its status.
   */
  static Map<String, Integer> documentedRows(String markdown) {
    Map<String, Integer> rows = new LinkedHashMap<>();
    String section = "";
    int statusColumn = -1;
    int codeColumn = -1;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("## ")) {
        section = line.substring(3).replace("`", "").strip();
        statusColumn = -1;
        continue;
      }
      if (!line.startsWith("|")) {
        statusColumn = -1;
        continue;
      }
      List<String> cells = cells(line);
      if (statusColumn < 0) {
        statusColumn = cells.indexOf("status");
        codeColumn = indexContaining(cells, "code");
        continue;
      }
      if (cells.get(0).startsWith("---")) {
        continue;
      }
      Matcher status = STATUS.matcher(cells.get(statusColumn));
      assertThat(status.find()).as("a status in: " + line).isTrue();
      int code = Integer.parseInt(status.group(1));
      List<String> codes = new ArrayList<>();
      // "(+ `limit`)" names members of the problem beside its code, not codes
      Matcher named = CODE.matcher(codeColumn < 0 ? "" : cells.get(codeColumn).replaceAll("\\(\\+[^)]*\\)", ""));
      while (named.find()) {
        codes.add(named.group(1));
      }
      if (codes.isEmpty()) {
        rows.put(section + "|" + code + "|" + firstWords(cells.get(0)), code);
      }
      for (String name : codes) {
        rows.put(section + "|" + code + "|" + name, code);
      }
    }
    return rows;
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
      cells.add(cell.strip());
    }
    return cells;
  }

  private static int indexContaining(List<String> cells, String word) {
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i).contains(word)) {
        return i;
      }
    }
    return -1;
  }

  private static String firstWords(String situation) {
    String[] words = situation.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", " ").strip().split("\\s+");
    return String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length)));
  }

  // --- the scenarios, one per documented row

  private Map<String, Supplier<Answer>> scenarios() {
    Map<String, Supplier<Answer>> s = new LinkedHashMap<>();
    String invoice = "POST /api/invoice|";
    s.put(invoice + "400|invalid_request", () -> post(api, "/api/invoice", "{\"query\": 7}"));
    s.put(invoice + "400|graphql_syntax", () -> issuing(new IssueInvoiceUseCase.Invalid(new Inspection.Rejected(
        Inspection.Kind.SYNTAX, "Invalid syntax", List.of(new Inspection.SourceLocation(1, 3))))));
    s.put(invoice + "400|graphql_validation", () -> issuing(new IssueInvoiceUseCase.Invalid(new Inspection.Rejected(
        Inspection.Kind.VALIDATION, "Field 'x' undefined", List.of(new Inspection.SourceLocation(1, 13))))));
    s.put(invoice + "400|unknown_operation", () -> issuing(new IssueInvoiceUseCase.Invalid(new Inspection.Rejected(
        Inspection.Kind.UNKNOWN_OPERATION, "no operation named x", List.of()))));
    s.put(invoice + "400|free_request", () -> issuing(new IssueInvoiceUseCase.Free()));
    s.put(invoice + "413|request_too_large", () -> issuing(new IssueInvoiceUseCase.TooHeavy(2000, 1000)));
    s.put(invoice + "413|payload_too_large", () -> post(api, "/api/invoice", tooLarge()));
    s.put(invoice + "429|rate_limited", () -> {
      ports.issue = request -> issued();
      post(limited, "/api/invoice", BODY);
      return post(limited, "/api/invoice", BODY);
    });
    s.put(invoice + "503|node_unavailable", () -> issuingThrows(new NodeUnavailableException("down")));
    s.put(invoice + "503|store_unavailable", () -> issuingThrows(new StoreUnavailableException("down", null)));
    s.put(invoice + "503|rate_unavailable", () -> issuing(new IssueInvoiceUseCase.RateUnavailable("all stale",
        Duration.ofSeconds(30))));
    s.put(invoice + "503|node_access_denied", () -> issuingThrows(new NodeAccessDeniedException("bad macaroon")));
    s.put(invoice + "503|data_loading", () -> issuingThrows(new ApiNotReadyException("loading", Duration.ofSeconds(5))));

    String graphql = "POST /graphql|";
    s.put(graphql + "200|success", () -> redeeming(new RedeemUseCase.Executed(bytes("{\"data\":{\"a\":1}}"), false)));
    s.put(graphql + "402|payment_required", () -> {
      ports.withoutKey = request -> new RedeemUseCase.PaymentRequired();
      // the 402 sells this body: a new purchase, its invoice in the problem and the challenges
      ports.issue = request -> issued();
      return post(api, "/graphql", BODY);
    });
    s.put(graphql + "401|invalid_api_key", () -> post(api, "/graphql", BODY, "Authorization", "Basic abc"));
    s.put(graphql + "401|unknown_api_key", () -> refusing(RefusalReason.UNKNOWN_API_KEY));
    s.put(graphql + "402|payment_pending", () -> redeeming(new RedeemUseCase.Refused(RefusalReason.PAYMENT_PENDING,
        Optional.of(INVOICE), Optional.empty())));
    s.put(graphql + "402|invoice_expired", () -> refusing(RefusalReason.INVOICE_EXPIRED));
    s.put(graphql + "409|request_mismatch", () -> refusing(RefusalReason.REQUEST_MISMATCH));
    s.put(graphql + "200|same key and", () -> redeeming(new RedeemUseCase.Replayed(bytes("{\"data\":{\"a\":1}}"))));
    s.put(graphql + "410|key_spent", () -> refusing(RefusalReason.KEY_SPENT));
    s.put(graphql + "409|redemption_in_progress", () -> redeeming(new RedeemUseCase.Refused(
        RefusalReason.REDEMPTION_IN_PROGRESS, Optional.empty(), Optional.of(Duration.ofSeconds(1)))));
    s.put(graphql + "410|key_expired", () -> refusing(RefusalReason.KEY_EXPIRED));
    s.put(graphql + "409|outcome_unknown", () -> refusing(RefusalReason.OUTCOME_UNKNOWN));
    s.put(graphql + "409|refund_in_progress", () -> refusing(RefusalReason.REFUND_IN_PROGRESS));
    s.put(graphql + "410|key_refunded", () -> refusing(RefusalReason.KEY_REFUNDED));
    s.put(graphql + "200|execution failed resolver", () -> redeeming(new RedeemUseCase.Executed(
        bytes("{\"errors\":[{\"message\":\"the data source is down\"}],\"data\":null}"), true)));
    s.put(graphql + "400|invalid_request", () -> post(api, "/graphql", "[1,2]", "Authorization", BEARER));
    s.put(graphql + "413|payload_too_large", () -> post(api, "/graphql", tooLarge(), "Authorization", BEARER));
    s.put(graphql + "429|too_many_unpaid_attempts", () -> {
      ports.redeem = (key, request) -> RedeemUseCase.Refused.because(RefusalReason.UNKNOWN_API_KEY);
      post(limited, "/graphql", BODY, "Authorization", BEARER);
      return post(limited, "/graphql", BODY, "Authorization", BEARER);
    });
    s.put(graphql + "503|node_unavailable", () -> redeemingThrows(new NodeUnavailableException("down")));
    s.put(graphql + "503|store_unavailable", () -> redeemingThrows(new StoreUnavailableException("down", null)));
    s.put(graphql + "503|node_access_denied", () -> redeemingThrows(new NodeAccessDeniedException("bad rune")));
    s.put(graphql + "503|data_loading", () -> redeemingThrows(new ApiNotReadyException("loading", Duration.ofSeconds(5))));

    // real credentials, read from the 402's own challenges: signed by the API's root key, with the preimage of the sale
    String schemes = "Standard payment schemes on POST /graphql|";
    s.put(schemes + "401|invalid_macaroon", () -> presenting(BODY, null,
        (sold, challenged) -> new String[] {"Authorization", "L402 !!!:" + sold.hex()}));
    s.put(schemes + "401|invalid_preimage", () -> presenting(BODY, null,
        (sold, challenged) -> new String[] {"Authorization", l402(macaroonOf(challenged), "xyz")}));
    s.put(schemes + "401|wrong_preimage", () -> presenting(BODY, null,
        (sold, challenged) -> new String[] {"Authorization", l402(macaroonOf(challenged), "00".repeat(32))}));
    s.put(schemes + "401|invalid_challenge", () -> presenting(BODY, null, (sold, challenged) -> {
      ObjectNode cheaper = x402Required(challenged).get("accepts").get(0).deepCopy();
      cheaper.put("amount", "1000");
      return new String[] {"PAYMENT-SIGNATURE", x402Signature(cheaper, INVOICE.text())};
    }));
    s.put(schemes + "401|invalid_credential", () -> presenting(BODY, null,
        (sold, challenged) -> new String[] {"Authorization", "Payment not-json"}));
    s.put(schemes + "401|unknown_payment", () -> presentingL402(RedeemUseCase.Refused.because(
        RefusalReason.UNKNOWN_PAYMENT)));
    s.put(schemes + "402|credential_expired", () -> presenting(BODY, null, (sold, challenged) -> new String[] {
        "Authorization", l402(macaroonOf(challenged).withFirstPartyCaveat("payql_valid_until="
            + (Instant.now().getEpochSecond() - 1)), sold.hex())}));
    s.put(schemes + "402|request_mismatch", () -> presenting(StandardSchemesTest.OTHER_BODY, null, (sold, challenged) -> new String[] {
        "Authorization", "Payment " + paymentCredential(paymentChallenge(challenged), sold.hex(), false, Map.of())}));
    s.put(schemes + "402|key_spent", () -> presentingL402(RedeemUseCase.Refused.because(RefusalReason.KEY_SPENT)));
    s.put(schemes + "402|invoice_expired", () -> presentingL402(RedeemUseCase.Refused.because(
        RefusalReason.INVOICE_EXPIRED)));
    s.put(schemes + "402|key_expired", () -> presentingL402(RedeemUseCase.Refused.because(RefusalReason.KEY_EXPIRED)));
    s.put(schemes + "402|key_refunded", () -> presentingL402(RedeemUseCase.Refused.because(
        RefusalReason.KEY_REFUNDED)));
    s.put(schemes + "409|refund_in_progress", () -> presentingL402(RedeemUseCase.Refused.because(
        RefusalReason.REFUND_IN_PROGRESS)));
    s.put(schemes + "409|outcome_unknown", () -> presentingL402(RedeemUseCase.Refused.because(
        RefusalReason.OUTCOME_UNKNOWN)));
    s.put(schemes + "409|redemption_in_progress", () -> presentingL402(new RedeemUseCase.Refused(
        RefusalReason.REDEMPTION_IN_PROGRESS, Optional.empty(), Optional.of(Duration.ofSeconds(1)))));
    s.put(schemes + "402|payment_pending", () -> presentingL402(new RedeemUseCase.Refused(
        RefusalReason.PAYMENT_PENDING, Optional.of(INVOICE), Optional.empty())));

    String any = "Any path|";
    s.put(any + "404|not_found", () -> get(api, "/no/such/path"));
    s.put(any + "405|method_not_allowed", () -> get(api, "/graphql"));
    s.put(any + "415|unsupported_media_type", () -> answer("POST", "/api/invoice", http.postRaw("/api/invoice",
        bytes(BODY), "Content-Type", "text/plain")));
    s.put(any + "413|payload_too_large", () -> raw("POST", "/api/invoice", head("POST", "/api/invoice",
        "Content-Type: application/json", "Content-Length: 3000000000") + "{\"query\":"));
    s.put(any + "400|incomplete_body", this::incompleteBody);
    s.put(any + "408|request_timeout", () -> raw(impatient.port(), "POST", "/api/invoice", head("POST", "/api/invoice",
        "Content-Type: application/json", "Content-Length: 1000") + "{\"query\":"));

    String protocol = "Protocol errors|";
    s.put(protocol + "400|malformed_request", () -> raw("POST", "/api/invoice", head("POST", "/api/invoice",
        "Content-Type: application/json", "Content-Length: 4", "Content-Length: 5") + "{}\r\n\r\n"));
    s.put(protocol + "400|http_version_not_supported", () -> raw("GET", "/api/node",
        "GET /api/node HTTP/3.0\r\nHost: localhost\r\n\r\n"));
    s.put(protocol + "414|uri_too_long", () -> raw("GET", "/api/node", head("GET", "/api/node?x=" + "u".repeat(20_000))));
    s.put(protocol + "431|headers_too_large", () -> raw("POST", "/api/invoice", head("POST", "/api/invoice",
        "Content-Type: application/json", "X-Big: " + "h".repeat(20_000)) + "{}"));
    s.put(protocol + "417|expectation_failed", () -> raw("POST", "/api/invoice", head("POST", "/api/invoice",
        "Content-Type: application/json", "Content-Length: 2", "Expect: 200-ok") + "{}"));

    String refunds = "Refunds|";
    s.put(refunds + "200|the node paid", () -> refunding(new RefundUseCase.Refunded(HASH, Msat.of(1000))));
    s.put(refunds + "202|the node s", () -> refunding(new RefundUseCase.RefundPending(HASH, Msat.of(1000))));
    s.put(refunds + "503|refund_failed", () -> refusedRefund(RefundUseCase.Reason.PAYMENT_FAILED));
    s.put(refunds + "409|refund_in_progress", () -> refusedRefund(RefundUseCase.Reason.REFUND_IN_PROGRESS));
    s.put(refunds + "409|not_refundable", () -> refusedRefund(RefundUseCase.Reason.NOT_REFUNDABLE));
    s.put(refunds + "400|invalid_refund_invoice", () -> refusedRefund(RefundUseCase.Reason.INVALID_REFUND_INVOICE));
    s.put(refunds + "400|refund_to_own_node", () -> refusedRefund(RefundUseCase.Reason.OWN_INVOICE));
    s.put(refunds + "400|refund_invoice_paid", () -> refusedRefund(RefundUseCase.Reason.INVOICE_ALREADY_PAID));
    s.put(refunds + "401|invalid_api_key", () -> post(api, "/api/refund", refundBody()));
    s.put(refunds + "401|unknown_api_key", () -> refusedRefund(RefundUseCase.Reason.UNKNOWN_API_KEY));
    s.put(refunds + "503|node_unavailable", () -> refundingThrows(new NodeUnavailableException("down")));
    s.put(refunds + "503|store_unavailable", () -> refundingThrows(new StoreUnavailableException("down", null)));
    return s;
  }

  /**
   * Sells {@code BODY} (a 402 with the three challenges, for an invoice whose preimage is known),
   * then sends {@code body} with the credential made from that 402; the use case answers
   * {@code outcome} if the credential gets that far. Refusals a new purchase cures sell again.
   */
  private Answer presenting(String body, RedeemUseCase.RedemptionOutcome outcome,
      BiFunction<Preimage, HttpResponse<byte[]>, String[]> credential) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Preimage sold = Preimage.of(secret);
    ports.withoutKey = request -> new RedeemUseCase.PaymentRequired();
    ports.issue = request -> new IssueInvoiceUseCase.Issued(new Price(Msat.of(21_000), new BigDecimal("0.0126")),
        BtcUsdRate.of(new BigDecimal("60000"), Instant.now(), "kraken", "bitstamp"), new Bolt11(INVOICE.text()),
        OneTimeKey.generate(new SecureRandom()), sold.paymentHash(), Instant.now().plus(Duration.ofMinutes(10)), 21);
    HttpResponse<byte[]> challenged = http.post("/graphql", BODY);
    assertThat(challenged.statusCode()).isEqualTo(402);
    ports.redeemPaid = (proof, request) -> outcome;
    return post(api, "/graphql", body, credential.apply(sold, challenged));
  }

  /** A genuine L402 credential for BODY, answered {@code outcome} by the redemption. */
  private Answer presentingL402(RedeemUseCase.RedemptionOutcome outcome) {
    return presenting(BODY, outcome,
        (sold, challenged) -> new String[] {"Authorization", l402(macaroonOf(challenged), sold.hex())});
  }

  private Answer issuing(IssueInvoiceUseCase.IssueOutcome outcome) {
    ports.issue = request -> outcome;
    return post(api, "/api/invoice", BODY);
  }

  private Answer issuingThrows(RuntimeException failure) {
    ports.issue = request -> {
      throw failure;
    };
    return post(api, "/api/invoice", BODY);
  }

  private Answer redeeming(RedeemUseCase.RedemptionOutcome outcome) {
    ports.redeem = (key, request) -> outcome;
    return post(api, "/graphql", BODY, "Authorization", BEARER);
  }

  private Answer refusing(RefusalReason reason) {
    return redeeming(RedeemUseCase.Refused.because(reason));
  }

  private Answer redeemingThrows(RuntimeException failure) {
    ports.redeem = (key, request) -> {
      throw failure;
    };
    return post(api, "/graphql", BODY, "Authorization", BEARER);
  }

  private Answer refunding(RefundUseCase.RefundOutcome outcome) {
    ports.refund = (key, invoice) -> outcome;
    return post(api, "/api/refund", refundBody(), "Authorization", BEARER);
  }

  private Answer refusedRefund(RefundUseCase.Reason reason) {
    return refunding(new RefundUseCase.RefundRefused(reason, "scripted: " + reason));
  }

  private Answer refundingThrows(RuntimeException failure) {
    ports.refund = (key, invoice) -> {
      throw failure;
    };
    return post(api, "/api/refund", refundBody(), "Authorization", BEARER);
  }

  private static String refundBody() {
    return "{\"paymentRequest\":\"" + INVOICE.text() + "\"}";
  }

  private static String tooLarge() {
    return "{\"query\":\"" + "x".repeat(HttpSettings.DEFAULT_MAX_BODY_BYTES) + "\"}";
  }

  private static IssueInvoiceUseCase.Issued issued() {
    return new IssueInvoiceUseCase.Issued(new Price(Msat.of(21_000), new BigDecimal("0.0126")),
        BtcUsdRate.of(new BigDecimal("60000"), Instant.parse("2026-05-01T09:59:45Z"), "kraken", "bitstamp"),
        new Bolt11(INVOICE.text()), OneTimeKey.generate(new SecureRandom()), HASH, EXPIRES, 21);
  }

  /** A body cut short: its head announces more than is sent before the client stops writing. */
  private Answer incompleteBody() {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout((int) RawHttp.HANG_GUARD.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write((head("POST", "/api/invoice", "Content-Type: application/json", "Content-Length: 1000")
          + "{\"query\":").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      return new Answer("POST", "/api/invoice", answer.status(), answer.header("Content-Type"), answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer post(HttpApi on, String path, String body, String... headers) {
    return answer("POST", path, new Http(on.port()).post(path, body, headers));
  }

  private Answer get(HttpApi on, String path, String... headers) {
    return answer("GET", path, new Http(on.port()).get(path, headers));
  }

  private static Answer answer(String method, String path, HttpResponse<byte[]> response) {
    return new Answer(method, path.replaceFirst("\\?.*", ""), response.statusCode(), Http.contentType(response),
        Http.text(response));
  }

  private Answer raw(String method, String path, String request) {
    return raw(api.port(), method, path, request);
  }

  private static Answer raw(int port, String method, String path, String request) {
    RawHttp.Answer answer = RawHttp.exchange(port, request);
    return new Answer(method, path, answer.status(), answer.header("Content-Type"), answer.body());
  }

  // --- the document

  /** What is wrong with {@code answer} by the document, if anything. */
  private List<String> violations(String what, Answer answer) {
    Optional<String> response = responsePointer(answer);
    if (response.isEmpty()) {
      return List.of(what + ": the document describes no " + answer.status() + " for " + answer.method() + " "
          + answer.path());
    }
    JsonNode described = openapi.at(response.get());
    String mediaType = answer.contentType() == null ? "" : answer.contentType().split(";")[0].strip();
    if (!described.path("content").has(mediaType)) {
      return List.of(what + ": " + mediaType + " is not a media type of " + response.get());
    }
    if (!mediaType.endsWith("json")) {
      return List.of();
    }
    String schema = DOCUMENT_URI + "#" + response.get() + "/content/" + escape(mediaType) + "/schema";
    List<String> errors = new ArrayList<>();
    schemas.getSchema(SchemaLocation.of(schema)).validate(answer.body(), InputFormat.JSON)
        .forEach(error -> errors.add(what + ": " + error + " in " + answer.body()));
    return errors;
  }

  /**
   * The JSON pointer of the response object describing {@code answer}: the operation's response for
   * its status, through a {@code $ref} to a shared one. A path that exists but not with this method
   * is the shared 405; a path that does not exist, the shared 404.
   */
  private Optional<String> responsePointer(Answer answer) {
    JsonNode path = openapi.path("paths").path(answer.path());
    String pointer;
    if (path.isMissingNode()) {
      pointer = answer.status() == 404 ? "/components/responses/NotFound" : null;
    } else if (!path.has(answer.method().toLowerCase(Locale.ROOT))) {
      pointer = answer.status() == 405 ? "/components/responses/MethodNotAllowed" : null;
    } else {
      pointer = "/paths/" + escape(answer.path()) + "/" + answer.method().toLowerCase(Locale.ROOT) + "/responses/"
          + answer.status();
    }
    if (pointer == null || openapi.at(pointer).isMissingNode()) {
      return Optional.empty();
    }
    JsonNode ref = openapi.at(pointer).get("$ref");
    return Optional.of(ref == null ? pointer : ref.asText().substring(1));
  }

  /** RFC 6901: {@code ~} and {@code /} inside a pointer's segment. */
  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
    return () -> iterator;
  }
}
