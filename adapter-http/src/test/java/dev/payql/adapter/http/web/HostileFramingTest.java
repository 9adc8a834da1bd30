package dev.payql.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.testing.TestPurchases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a careless or hostile client does below the JSON: bodies larger, longer or slower than they
 * say, heads that do not parse. Every answer is a 4xx problem with a {@code code}; nothing is read
 * past the limit, nothing slow is served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFramingTest {

  static final int LIMIT = 4096;
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  static final String BODY = "{\"query\":\"{ exchange(exchangeSymbol: \\\"binance\\\") { country } }\"}";

  private final ScriptedUseCases ports = new ScriptedUseCases();
  private final AtomicInteger served = new AtomicInteger();
  private HttpApi api;

  @BeforeAll
  void start() {
    api = new HttpApi(HttpSettings.defaults().withPort(0).withMaxBodyBytes(LIMIT).withReadTimeout(READ_TIMEOUT)
        .withLimits(ClientLimits.off()), ports, ports, ports, ports, ports, List.of(), Optional.empty()).start();
  }

  @AfterAll
  void stop() {
    api.stop();
  }

  @BeforeEach
  void reset() {
    ports.issue = request -> {
      served.incrementAndGet();
      return new IssueInvoiceUseCase.Issued(new Price(Msat.of(1000), new BigDecimal("0.0006")), TestPurchases.RATE,
          new Bolt11("lnbcrt10n1pjqqqqqpp5qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"),
          OneTimeKey.generate(new SecureRandom()), new PaymentHash("cd".repeat(32)), Instant.now(), 1);
    };
  }

  /** Half of the gigabyte uploads: an answer before it proves the body was not read whole first. */
  private static final long UPLOAD_NOT_READ_WHOLE = 1L << 29;

  @Test
  void aChunkedGigabyteIsRefusedAtTheLimitWithoutBeingReadWhole() {
    byte[] chunk = chunk(64 * 1024);

    RawHttp.Streamed upload = RawHttp.stream(api.port(), head("POST", "/api/invoice",
        "Content-Type: application/json", "Transfer-Encoding: chunked"), chunk, 1L << 30);

    assertProblem(upload.answer(), 413, "payload_too_large");
    assertThat(upload.answer().header("Connection")).isEqualToIgnoringCase("close");
    // answered while most of the gigabyte was still unsent: the limit, the socket buffers and what the
    // client wrote while a loaded machine scheduled the answer, never the upload (a bound in bytes,
    // not in time: a tighter one measured how fast this machine is, not what the server reads)
    assertThat(upload.bytesWrittenWhenAnswered()).isLessThan(UPLOAD_NOT_READ_WHOLE);
    assertThat(served).hasValue(0);
  }

  @Test
  void aChunkedGigabyteToAPathWithoutARouteIsNotReadWholeEither() {
    RawHttp.Streamed upload = RawHttp.stream(api.port(), head("POST", "/nothing/here",
        "Content-Type: application/json", "Transfer-Encoding: chunked"), chunk(64 * 1024), 1L << 30);

    assertProblem(upload.answer(), 404, "not_found");
    assertThat(upload.bytesWrittenWhenAnswered()).isLessThan(UPLOAD_NOT_READ_WHOLE);
  }

  @ParameterizedTest
  @CsvSource({"3000000000", "99999999999", "9223372036854775807"})
  void aContentLengthOverTheLimitIsRefusedAtOnceHoweverLargeItClaimsToBe(String contentLength) {
    RawHttp.Answer answer = RawHttp.exchange(api.port(), head("POST", "/api/invoice",
        "Content-Type: application/json", "Content-Length: " + contentLength) + "{\"query\":");

    assertProblem(answer, 413, "payload_too_large");
    assertThat(served).hasValue(0);
  }

  @Test
  void aBodyShorterThanItsContentLengthIsA408OnceTheDeadlinePasses() {
    RawHttp.Answer answer = RawHttp.exchange(api.port(), head("POST", "/api/invoice",
        "Content-Type: application/json", "Content-Length: 1000") + "{\"query\":");

    assertProblem(answer, 408, "request_timeout");
    assertThat(served).hasValue(0);
  }

  @Test
  void aBodyTrickledPastTheDeadlineIsNotServed() {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

    RawHttp.Answer answer = RawHttp.trickle(api.port(), head("POST", "/api/invoice",
        "Content-Type: application/json", "Content-Length: " + body.length), body, Duration.ofMillis(100));

    assertThat(answer.status()).as("408, or the connection closed").isIn(0, 408);
    if (answer.status() == 408) {
      assertProblem(answer, 408, "request_timeout");
    }
    assertThat(served).hasValue(0);
  }

  @Test
  void aHeadTrickledPastTheDeadlineIsNotServed() {
    String head = head("POST", "/api/invoice", "Content-Type: application/json",
        "Content-Length: " + BODY.length(), "X-Padding: " + "p".repeat(60)) + BODY;
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);

    RawHttp.Answer answer = RawHttp.trickle(api.port(), "", bytes, Duration.ofMillis(40));

    assertThat(answer.status()).as("408, or the connection closed").isIn(0, 408);
    if (answer.status() == 408) {
      assertProblem(answer, 408, "request_timeout");
    }
    assertThat(served).hasValue(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a control character in a header value | 400 | malformed_request | X-Note: a\u0001b",
      "two Content-Length headers | 400 | malformed_request | Content-Length: 4~Content-Length: 5",
      "a Content-Length that is no number | 400 | malformed_request | Content-Length: 12abc",
      "a negative Content-Length | 400 | malformed_request | Content-Length: -1",
      "Content-Length and chunked together | 400 | malformed_request | Content-Length: 4~Transfer-Encoding: chunked",
      "an unknown transfer coding | 400 | malformed_request | Transfer-Encoding: gzip",
      "a header line without a colon | 400 | malformed_request | NoColonHere",
      "a head too large | 431 | headers_too_large | X-Big: @HUGE",
  })
  void aHeadJettyRefusesIsAProblemWithACode(String what, int status, String code, String headers) {
    String[] lines = headers.replace("@HUGE", "h".repeat(20_000)).split("~");
    String[] all = Arrays.copyOf(lines, lines.length + 1);
    all[lines.length] = "Content-Type: application/json";

    RawHttp.Answer answer = RawHttp.exchange(api.port(), head("POST", "/api/invoice", all) + "{}\r\n\r\n");

    assertProblem(answer, status, code);
  }

  @Test
  void aRequestLineTooLongIsA414Problem() {
    assertProblem(RawHttp.exchange(api.port(), head("GET", "/api/node?x=" + "u".repeat(20_000))), 414,
        "uri_too_long");
  }

  @Test
  void anUnknownHttpVersionIsA400ProblemNotA505() {
    assertProblem(RawHttp.exchange(api.port(), "GET /api/node HTTP/3.0\r\nHost: localhost\r\n\r\n"), 400,
        "http_version_not_supported");
  }

  @Test
  void garbageInsteadOfARequestLineIsA400Problem() {
    assertProblem(RawHttp.exchange(api.port(), "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n"),
        400, "malformed_request");
  }

  @ParameterizedTest
  @CsvSource({"PUT", "DELETE", "PATCH", "TRACE", "GET"})
  void theAsteriskTargetWithAnyMethodButOptionsIsA400Problem(String method) {
    assertProblem(RawHttp.exchange(api.port(), method + " * HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"),
        400, "malformed_request");
  }

  @Test
  void aBadChunkSizeIsA400Problem() {
    RawHttp.Answer answer = RawHttp.exchange(api.port(), head("POST", "/api/invoice",
        "Content-Type: application/json", "Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(json(answer).get("code").asText()).isNotBlank();
  }

  static String head(String method, String path, String... headers) {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  /** One chunk of {@code size} bytes of a JSON-looking body, in chunked framing. */
  static byte[] chunk(int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) ' ');
    byte[] prefix = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[prefix.length + size + 2];
    System.arraycopy(prefix, 0, chunk, 0, prefix.length);
    System.arraycopy(data, 0, chunk, prefix.length, size);
    chunk[chunk.length - 2] = '\r';
    chunk[chunk.length - 1] = '\n';
    return chunk;
  }

  static void assertProblem(RawHttp.Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
    JsonNode body = json(answer);
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("detail").asText()).isNotBlank();
  }

  static JsonNode json(RawHttp.Answer answer) {
    try {
      return new ObjectMapper().readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + answer, e);
    }
  }
}
