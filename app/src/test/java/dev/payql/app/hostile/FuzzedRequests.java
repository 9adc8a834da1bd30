package dev.payql.app.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes HTTP/1.1 requests as careless and hostile clients send them, byte for byte: every endpoint,
 * every method, headers missing, doubled, huge or with control characters, bodies truncated,
 * mutated, nested absurdly, chunked right and wrong, lengths that lie. Seeded: a failure repeats
 * with the seed the test prints.
 */
final class FuzzedRequests {

  private static final String[] PATHS = {
      "/api/invoice", "/graphql", "/api/invoice/status", "/api/invoice/status?wait=1", "/api/invoice/status?wait=x",
      "/api/invoice/status?wait=-3", "/api/refund", "/api/node", "/health", "/metrics", "/dev/pay", "/",
      "/qr.svg?data=lnbcrt10n1pjqqqqqpp5qqqqqqqqqqqqqqqqqqqqqqqq", "/qr.svg?data=", "/qr.svg?data=LnBc1xyz",
      "/qr.svg", "/webjars/graphiql/graphiql.min.js", "/nothing", "/api/", "/api/invoice/../node", "/%2e%2e/etc/passwd",
      "/api/invoice%00", "/graphql?query=%7B__typename%7D", "//graphql", "/api/node;jsessionid=1", "*",
      "http://evil.example/api/node", "/\u00e9\u00e8", "/api/invoice?" + "q=1&".repeat(50)};
  private static final String[] METHODS = {"GET", "POST", "POST", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH",
      "TRACE", "CONNECT", "PRI", "G\u0001T", "FOO", ""};
  private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0",
      "HTTP/0.9", "HTTP/1.1x", "", "HTTPS/1.1"};
  private static final String[] QUERIES = {
      "{ exchange(exchangeSymbol:\\\"binance\\\") { country } }", "{ assets { assetSymbol } }", "{ __typename }",
      "{ __schema { types { name } } }", "query a { exchanges { exchangeSymbol } } query b { assets { assetSymbol } }",
      "{ market(marketSymbol:\\\"binance:btc/usdt\\\") { ticker { lastPrice } ohlcv(resolution:_1h, limit:10) { close } } }",
      "{ nope }", "{", "}}}", "{ assets { assetSymbol } __schema { types { name fields { name } } } }",
      "query($s:String!){ exchange(exchangeSymbol:$s){ country } }", "mutation { x }", "subscription { y }",
      "{ " + "a { ".repeat(60) + "}".repeat(61)};
  private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
      "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
      "application/graphql", "", "application/json\u0001"};

  private final SplittableRandom random;
  private final List<String> keys;

  /** @param keys real keys (paid, unpaid) among the made-up ones, so paid paths are reached too */
  FuzzedRequests(long seed, List<String> keys) {
    this.random = new SplittableRandom(seed);
    this.keys = List.copyOf(keys);
  }

  /** One request, and whether it is a HEAD (whose answer has no body to check). */
  record Fuzzed(byte[] bytes, boolean head, String what) {}

  Fuzzed next() {
    String method = pick(METHODS);
    String path = random.nextInt(50) == 0 ? "/" + "x".repeat(10_000 + random.nextInt(20_000)) : pick(PATHS);
    String version = pick(VERSIONS);
    byte[] body = body();
    List<String> headers = new ArrayList<>();
    if (random.nextInt(20) != 0) {
      headers.add("Host: " + (random.nextInt(30) == 0 ? "" : "localhost"));
    }
    if (random.nextInt(6) != 0) {
      headers.add("Content-Type: " + pick(CONTENT_TYPES));
    }
    if (random.nextBoolean()) {
      headers.add("Authorization: " + authorization());
    }
    if (random.nextInt(4) == 0) {
      headers.add("X-Forwarded-For: " + forwardedFor());
    }
    if (random.nextInt(8) == 0) {
      headers.add("Origin: https://" + (random.nextBoolean() ? "shop.example" : "evil.example"));
    }
    if (random.nextInt(8) == 0) {
      headers.add("Accept: " + (random.nextBoolean() ? "text/html" : "application/json, */*;q=0.1"));
    }
    if (random.nextInt(25) == 0) {
      headers.add("X-Junk: " + junkHeaderValue());
    }
    if (random.nextInt(40) == 0) {
      headers.add("X-Huge: " + "h".repeat(9_000 + random.nextInt(10_000)));
    }
    if (random.nextInt(40) == 0) {
      headers.add("Expect: " + (random.nextBoolean() ? "100-continue" : "teapot"));
    }
    if (random.nextInt(40) == 0) {
      headers.add("Upgrade: h2c");
      headers.add("Connection: Upgrade, HTTP2-Settings");
      headers.add("HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA");
    }
    if (random.nextInt(30) == 0) {
      headers.add("NoColonLine");
    }
    headers.add("Connection: close");
    String framing;
    byte[] payload;
    switch (random.nextInt(10)) {
      case 0, 1 -> {
        framing = "chunked";
        headers.add("Transfer-Encoding: chunked");
        payload = chunked(body, random.nextInt(8) == 0);
      }
      case 2 -> {
        framing = "lying-length";
        headers.add("Content-Length: " + lyingLength(body.length));
        payload = body;
      }
      case 3 -> {
        framing = "no-length";
        payload = random.nextBoolean() ? body : new byte[0];
      }
      case 4 -> {
        framing = "two-lengths";
        headers.add("Content-Length: " + body.length);
        headers.add("Content-Length: " + (body.length + random.nextInt(1, 5)));
        payload = body;
      }
      case 5 -> {
        framing = "length-and-chunked";
        headers.add("Content-Length: " + body.length);
        headers.add("Transfer-Encoding: chunked");
        payload = chunked(body, false);
      }
      default -> {
        framing = "length";
        headers.add("Content-Length: " + body.length);
        payload = body;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String line = method + " " + path + (version.isEmpty() ? "" : " " + version);
    out.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (String header : headers) {
      out.writeBytes((header + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return new Fuzzed(out.toByteArray(), method.equals("HEAD"), method + " " + cut(path) + " " + version + " " + framing);
  }

  private byte[] body() {
    return switch (random.nextInt(9)) {
      case 0 -> new byte[0];
      case 1 -> randomBytes(random.nextInt(1, 300));
      case 2 -> mutate(envelope());
      case 3 -> truncate(envelope());
      case 4 -> ("{\"query\":\"{ x }\",\"variables\":{\"v\":" + "[".repeat(200) + "]".repeat(200) + "}}")
          .getBytes(StandardCharsets.UTF_8);
      case 5 -> ("{\"query\":\"{ x }\",\"variables\":{\"pad\":\"" + "p".repeat(70_000 + random.nextInt(30_000)) + "\"}}")
          .getBytes(StandardCharsets.UTF_8);
      case 6 -> ("{\"paymentRequest\":\"" + (random.nextBoolean() ? "lnbcrt10n1pjqqqqqpp5qqqq" : "\u0000\ud800")
          + "\"}").getBytes(StandardCharsets.UTF_8);
      default -> envelope();
    };
  }

  private byte[] envelope() {
    StringBuilder json = new StringBuilder("{\"query\":\"").append(pick(QUERIES)).append('"');
    switch (random.nextInt(6)) {
      case 0 -> json.append(",\"variables\":{\"s\":\"binance\"}");
      case 1 -> json.append(",\"variables\":{\"n\":1e999999,\"s\":\"kraken\"}");
      case 2 -> json.append(",\"operationName\":\"b\"");
      case 3 -> json.append(",\"operation\":\"a\",\"operationName\":\"b\"");
      case 4 -> json.append(",\"varaibles\":{}");
      default -> { }
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private String authorization() {
    return switch (random.nextInt(8)) {
      case 0, 1, 2 -> keys.isEmpty() ? "Bearer " + hex(64) : "Bearer " + keys.get(random.nextInt(keys.size()));
      case 3 -> "Bearer " + hex(64);
      case 4 -> "Bearer " + hex(random.nextInt(0, 80));
      case 5 -> "Basic dXNlcjpwYXNz";
      case 6 -> "";
      default -> "bearer  " + hex(64).toUpperCase() + " trailing";
    };
  }

  private String forwardedFor() {
    return switch (random.nextInt(5)) {
      case 0 -> "198.51.100." + random.nextInt(256);
      case 1 -> "203.0.113.9, 198.51.100." + random.nextInt(256);
      case 2 -> "[2001:db8::" + Integer.toHexString(random.nextInt(65536)) + "]:443";
      case 3 -> "evil.example, unknown, 999.1.1.1";
      default -> ", ,, " + "1.2.3.4,".repeat(random.nextInt(1, 200));
    };
  }

  private String junkHeaderValue() {
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      value.append((char) random.nextInt(0, 0x20));
    }
    return value.toString();
  }

  private long lyingLength(int actual) {
    return switch (random.nextInt(5)) {
      case 0 -> -1;
      case 1 -> 99_999_999_999L;
      case 2 -> 3_000_000_000L;
      case 3 -> Math.max(0, actual - random.nextInt(1, 10));
      default -> actual + random.nextInt(1, 200);
    };
  }

  private byte[] chunked(byte[] body, boolean broken) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int n = Math.min(body.length - at, random.nextInt(1, 4096));
      out.writeBytes(((broken && random.nextBoolean() ? "zz" : Integer.toHexString(n)) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      at += n;
    }
    if (!(broken && random.nextBoolean())) {
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  private byte[] mutate(byte[] bytes) {
    byte[] copy = bytes.clone();
    for (int i = 0, n = random.nextInt(1, 6); i < n && copy.length > 0; i++) {
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    }
    return copy;
  }

  private byte[] truncate(byte[] bytes) {
    return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private String hex(int n) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < n; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }

  private <T> T pick(T[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String cut(String path) {
    return path.length() > 40 ? path.substring(0, 40) + "…(" + path.length() + ")" : path;
  }
}
