package dev.payql.adapter.simnode.bolt11;

import fr.acinq.secp256k1.Secp256k1Exception;
import fr.acinq.secp256k1.jni.NativeSecp256k1JvmLoader;
import java.util.Optional;

/**
 * secp256k1 from libsecp256k1, the library Bitcoin Core, LND (through btcec's tests) and Core
 * Lightning rely on, loaded by ACINQ's secp256k1-kmp JNI build (the one Phoenix and lightning-kmp
 * use), which carries the native library for Linux, macOS and Windows inside its jars.
 */
final class LibSecp256k1 implements Secp256k1 {

  private final fr.acinq.secp256k1.Secp256k1 library;

  private LibSecp256k1(fr.acinq.secp256k1.Secp256k1 library) {
    this.library = library;
  }

  /** @throws IllegalStateException when the native library cannot be found, unpacked or loaded here */
  static LibSecp256k1 load() {
    try {
      return new LibSecp256k1(NativeSecp256k1JvmLoader.load());
    } catch (Exception e) {
      throw new IllegalStateException("cannot load libsecp256k1: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] publicKey(byte[] secretKey) {
    return library.pubKeyCompress(library.pubkeyCreate(secretKey));
  }

  @Override
  public byte[] sign(byte[] hash, byte[] secretKey) {
    // secp256k1_ecdsa_sign: RFC 6979 nonce, and always low S
    return library.sign(hash, secretKey);
  }

  @Override
  public Optional<byte[]> recover(byte[] hash, byte[] compact, int recoveryId) {
    try {
      return Optional.of(library.pubKeyCompress(library.ecdsaRecover(compact, hash, recoveryId)));
    } catch (Secp256k1Exception notRecoverable) {
      return Optional.empty();
    }
  }

  @Override
  public boolean verify(byte[] hash, byte[] compact, byte[] publicKey) {
    try {
      // libsecp256k1 accepts only low S; BOLT #11 does not ask for it, so normalise first
      return library.verify(library.signatureNormalize(compact).getFirst(), hash, publicKey);
    } catch (Secp256k1Exception invalid) {
      return false;
    }
  }

  @Override
  public boolean isPublicKey(byte[] compressed) {
    try {
      library.pubkeyParse(compressed);
      return true;
    } catch (Secp256k1Exception notAPoint) {
      return false;
    }
  }

  @Override
  public String description() {
    return "libsecp256k1 (native, ACINQ secp256k1-kmp)";
  }
}
