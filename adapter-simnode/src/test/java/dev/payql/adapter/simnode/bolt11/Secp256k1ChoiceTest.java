package dev.payql.adapter.simnode.bolt11;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libsecp256k1 where it loads, BouncyCastle where it does not, and the two give the same answers:
 * the build runs the BOLT #11 tests once with each (surefire's second execution forces BouncyCastle).
 */
class Secp256k1ChoiceTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BouncyCastleSecp256k1 PURE_JAVA = new BouncyCastleSecp256k1();

  @TempDir
  Path temporary;

  @Test
  void thisRunUsesTheLibraryItWasAskedFor() {
    String expected = System.getProperty(Secp256k1.PROPERTY, "native");
    String description = Secp256k1.get().description();
    if (expected.equals("java")) {
      assertThat(description).startsWith("BouncyCastle");
    } else if (List.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch"))) {
      // ACINQ ships the library for these: on them, a fallback would be a packaging bug
      assertThat(description).startsWith("libsecp256k1");
    }
  }

  @Test
  void whereTheNativeLibraryCannotLoadBouncyCastleSignsTheSame() throws Exception {
    // the loader unpacks the library into this directory; under a regular file it cannot exist
    Path impossible = temporary.resolve("a-file");
    java.nio.file.Files.writeString(impossible, "not a directory");
    Process probe = new ProcessBuilder(javaExecutable(), "-Dfr.acinq.secp256k1.tmpdir=" + impossible.resolve("lib"),
        "-cp", System.getProperty("java.class.path"), Secp256k1Probe.class.getName())
        .redirectErrorStream(true).start();
    assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(probe.exitValue()).as(output).isZero();
    assertThat(output).contains("libsecp256k1 is not available here").contains("BouncyCastle (pure Java)")
        .contains(Secp256k1.Chosen.knownSignature());
  }

  @Test
  void bothLibrariesSignRecoverAndVerifyAlike() {
    Secp256k1 inUse = Secp256k1.get();
    for (int i = 0; i < 64; i++) {
      byte[] secret = NodeKey.generate(RANDOM).privateKeyBytes();
      byte[] hash = new byte[32];
      RANDOM.nextBytes(hash);

      byte[] publicKey = inUse.publicKey(secret);
      byte[] signature = inUse.sign(hash, secret);

      assertThat(PURE_JAVA.publicKey(secret)).isEqualTo(publicKey);
      assertThat(PURE_JAVA.sign(hash, secret)).isEqualTo(signature);
      for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
        assertThat(inUse.recover(hash, signature, recoveryId).map(Arrays::toString))
            .isEqualTo(PURE_JAVA.recover(hash, signature, recoveryId).map(Arrays::toString));
      }
      assertThat(inUse.verify(hash, signature, publicKey)).isTrue();
      assertThat(inUse.verify(hash, highS(signature), publicKey)).isEqualTo(PURE_JAVA.verify(hash, highS(signature),
          publicKey)).isTrue();
      hash[0] ^= 1;
      assertThat(inUse.verify(hash, signature, publicKey)).isFalse();
      assertThat(PURE_JAVA.verify(hash, signature, publicKey)).isFalse();
    }
    byte[] notAPoint = new byte[33];
    notAPoint[0] = 2;
    Arrays.fill(notAPoint, 1, 33, (byte) 0xff);
    assertThat(inUse.isPublicKey(notAPoint)).isEqualTo(PURE_JAVA.isPublicKey(notAPoint)).isFalse();
  }

  private static byte[] highS(byte[] signature) {
    byte[] flipped = signature.clone();
    byte[] s = Secp256k1.toBytes32(Secp256k1.N.subtract(new java.math.BigInteger(1, Arrays.copyOfRange(signature, 32,
        64))));
    System.arraycopy(s, 0, flipped, 32, 32);
    return flipped;
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString());
  }
}
