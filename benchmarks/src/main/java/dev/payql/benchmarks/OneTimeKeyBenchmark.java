package dev.payql.benchmarks;

import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.OneTimeKey;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Minting a key as an invoice does ({@link OneTimeKey#generate} and its {@link OneTimeKey#digest()},
 * the only form the store keeps) beside drawing the same 32 bytes from the same kind of
 * {@link SecureRandom} the application uses ({@code new SecureRandom()}). The randomness is the
 * part that cannot be saved; the ratio shows what the digest and the wrapping add to it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OneTimeKeyBenchmark {

  private SecureRandom random;

  @Setup
  public void setUp() {
    random = new SecureRandom();
  }

  @Benchmark
  public KeyDigest generateAndDigest() {
    return OneTimeKey.generate(random).digest();
  }

  @Benchmark
  public byte[] baselineRandomBytes() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }
}
