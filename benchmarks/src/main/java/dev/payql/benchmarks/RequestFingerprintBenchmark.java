package dev.payql.benchmarks;

import dev.payql.domain.request.RequestFingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RequestFingerprint#of} (computed twice per purchase: at invoicing and at redemption)
 * beside a plain SHA-256 of the same query and variables bytes, hex-encoded like the fingerprint.
 * The difference is what "the same request" costs beyond hashing: canonical JSON of the
 * variables (sorted keys, shortest numbers), the length framing and the value's own check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestFingerprintBenchmark {

  /** The seed's variables example, verbatim. */
  static final String SEED_QUERY = "query ($symbol: String) { exchange(exchangeSymbol:$symbol) { country } }";

  /**
   * {@code seed}: the seed's variables example ({@code {"symbol":"binance"}}); {@code nested}: a
   * larger object with numbers, a list and a nested object, where canonicalisation has more to do.
   */
  @Param({"seed", "nested"})
  public String variablesShape;

  private String query;
  private Map<String, Object> variables;
  private byte[] variablesAsSent;

  @Setup
  public void setUp() {
    query = SEED_QUERY;
    switch (variablesShape) {
      case "seed" -> {
        variables = Map.of("symbol", "binance");
        variablesAsSent = "{\"symbol\":\"binance\"}".getBytes(StandardCharsets.UTF_8);
      }
      case "nested" -> {
        variables = Map.of(
            "symbol", "binance",
            "limit", 24,
            "ratio", 0.25,
            "resolutions", List.of("_1h", "_4h", "_1d"),
            "window", Map.of("from", "2024-01-01T00:00:00Z", "to", "2024-01-02T00:00:00Z", "inclusive", true));
        variablesAsSent = ("{\"symbol\":\"binance\",\"limit\":24,\"ratio\":0.25,\"resolutions\":[\"_1h\",\"_4h\","
            + "\"_1d\"],\"window\":{\"from\":\"2024-01-01T00:00:00Z\",\"to\":\"2024-01-02T00:00:00Z\","
            + "\"inclusive\":true}}").getBytes(StandardCharsets.UTF_8);
      }
      default -> throw new IllegalArgumentException("unknown variables shape " + variablesShape);
    }
  }

  @Benchmark
  public RequestFingerprint fingerprint() {
    return RequestFingerprint.of(query, null, variables);
  }

  /** The floor: SHA-256 of the bytes as the client sent them, as hex, with no canonical form. */
  @Benchmark
  public String baselinePlainSha256() throws NoSuchAlgorithmException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(query.getBytes(StandardCharsets.UTF_8));
    sha256.update(variablesAsSent);
    return HexFormat.of().formatHex(sha256.digest());
  }
}
