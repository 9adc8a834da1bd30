package dev.payql.adapter.simnode.bolt11;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** secp256k1 in pure Java, on BouncyCastle's constant-time custom curve: the fallback where libsecp256k1 does not load. */
final class BouncyCastleSecp256k1 implements Secp256k1 {

  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());

  @Override
  public byte[] publicKey(byte[] secretKey) {
    return new FixedPointCombMultiplier().multiply(DOMAIN.getG(), new BigInteger(1, secretKey)).normalize()
        .getEncoded(true);
  }

  @Override
  public byte[] sign(byte[] hash, byte[] secretKey) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secretKey), DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger s = rs[1];
    // (r, s) and (r, n-s) are both valid; Bitcoin and Lightning use the low one (BIP-62)
    if (s.compareTo(HALF_N) > 0) {
      s = N.subtract(s);
    }
    byte[] compact = new byte[64];
    System.arraycopy(Secp256k1.toBytes32(rs[0]), 0, compact, 0, 32);
    System.arraycopy(Secp256k1.toBytes32(s), 0, compact, 32, 32);
    return compact;
  }

  /** SEC 1 v2 section 4.1.6. */
  @Override
  public Optional<byte[]> recover(byte[] hash, byte[] compact, int recoveryId) {
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
    BigInteger x = r.add(BigInteger.valueOf(recoveryId / 2).multiply(N));
    if (x.compareTo(P) >= 0) {
      return Optional.empty();
    }
    byte[] encoded = new byte[33];
    encoded[0] = (byte) ((recoveryId & 1) == 0 ? 0x02 : 0x03);
    System.arraycopy(Secp256k1.toBytes32(x), 0, encoded, 1, 32);
    ECPoint bigR;
    try {
      bigR = DOMAIN.getCurve().decodePoint(encoded);
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
    // secp256k1 has cofactor 1, so every curve point has order n and needs no extra check
    BigInteger e = new BigInteger(1, hash).mod(N);
    BigInteger rInverse = r.modInverse(N);
    BigInteger u1 = N.subtract(e).mod(N).multiply(rInverse).mod(N);
    BigInteger u2 = s.multiply(rInverse).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, bigR, u2).normalize();
    return q.isInfinity() ? Optional.empty() : Optional.of(q.getEncoded(true));
  }

  @Override
  public boolean verify(byte[] hash, byte[] compact, byte[] publicKey) {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(publicKey), DOMAIN));
    return verifier.verifySignature(hash, new BigInteger(1, Arrays.copyOfRange(compact, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(compact, 32, 64)));
  }

  @Override
  public boolean isPublicKey(byte[] compressed) {
    try {
      DOMAIN.getCurve().decodePoint(compressed);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String description() {
    return "BouncyCastle (pure Java)";
  }
}
