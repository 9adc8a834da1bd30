package dev.payql.adapter.simnode.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeKeyTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void signaturesAreLowSDeterministicAndRecoverToTheSigner() throws Exception {
    for (int i = 0; i < 50; i++) {
      NodeKey key = NodeKey.generate(RANDOM);
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(("message " + i).getBytes());

      RecoverableSignature signature = key.sign(hash);

      assertThat(signature.isLowS()).isTrue();
      assertThat(key.sign(hash)).isEqualTo(signature);
      assertThat(signature.recover(hash)).contains(key.nodeId());
      assertThat(signature.verify(hash, key.nodeId())).isTrue();
      assertThat(RecoverableSignature.fromCompact(signature.toCompact())).isEqualTo(signature);
    }
  }

  @Test
  void aSignatureDoesNotVerifyForAnotherMessage() throws Exception {
    NodeKey key = NodeKey.generate(RANDOM);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest("one".getBytes());
    byte[] other = MessageDigest.getInstance("SHA-256").digest("two".getBytes());

    RecoverableSignature signature = key.sign(hash);

    assertThat(signature.verify(other, key.nodeId())).isFalse();
    assertThat(signature.recover(other)).isNotEqualTo(signature.recover(hash));
  }

  @Test
  void thePrivateKeyNeverShowsInToString() {
    NodeKey key = NodeKey.of(HexFormat.of().parseHex(SpecificationVectors.PRIVATE_KEY));

    assertThat(key.toString()).doesNotContain(SpecificationVectors.PRIVATE_KEY).contains(SpecificationVectors.NODE_ID);
  }

  @Test
  void keysOutsideTheCurveOrderAreRefused() {
    assertThatThrownBy(() -> NodeKey.of(new byte[32])).isInstanceOf(IllegalArgumentException.class);
    byte[] allOnes = new byte[32];
    java.util.Arrays.fill(allOnes, (byte) 0xff);
    assertThatThrownBy(() -> NodeKey.of(allOnes)).isInstanceOf(IllegalArgumentException.class);
  }
}
