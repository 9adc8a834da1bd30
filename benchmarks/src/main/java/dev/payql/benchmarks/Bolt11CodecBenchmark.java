package dev.payql.benchmarks;

import dev.payql.adapter.simnode.bolt11.Bech32;
import dev.payql.adapter.simnode.bolt11.Bolt11Codec;
import dev.payql.adapter.simnode.bolt11.Bolt11Invoice;
import dev.payql.adapter.simnode.bolt11.NodeKey;
import dev.payql.adapter.simnode.bolt11.RecoverableSignature;
import dev.payql.adapter.simnode.bolt11.SignedBolt11;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The simulated node's BOLT11 codec: {@link Bolt11Codec#encode} (fields, signing hash, an RFC 6979
 * ECDSA signature and the search for its recovery id) once per invoice, and
 * {@link Bolt11Codec#decode} (bech32, fields, and recovering the payee's key from the signature)
 * once per {@code /dev/pay} and refund. Beside them: the bare signature ({@link NodeKey#sign}),
 * which says how much of encoding is elliptic-curve work, and the bare bech32 reading
 * ({@link Bech32#decode}), the floor of any reader of the text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Bolt11CodecBenchmark {

  private NodeKey key;
  private Bolt11Invoice fields;
  private String text;
  private byte[] hash;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    key = Bolt11Samples.nodeKey();
    fields = Bolt11Samples.fields();
    text = Bolt11Codec.encode(fields, key);
    // any 32-byte hash signs at the same cost; this one is fixed so every run signs the same
    hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Benchmark
  public String encode() {
    return Bolt11Codec.encode(fields, key);
  }

  @Benchmark
  public SignedBolt11 decode() {
    return Bolt11Codec.decode(text);
  }

  @Benchmark
  public RecoverableSignature signOnly() {
    return key.sign(hash);
  }

  @Benchmark
  public Bech32.Decoded baselineBech32Only() {
    return Bech32.decode(text);
  }

  String text() {
    return text;
  }
}
