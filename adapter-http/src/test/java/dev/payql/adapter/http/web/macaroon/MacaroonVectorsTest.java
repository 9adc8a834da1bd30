package dev.payql.adapter.http.web.macaroon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The format and the signature chain against other implementations: the signatures libmacaroons'
 * README publishes for its example, and the bytes js-macaroon 3.0.4 (npm {@code macaroon}) exports
 * for macaroons made with a root key given here. The app's end-to-end test has the same js-macaroon
 * add caveats to a macaroon PayQL minted, live.
 */
class MacaroonVectorsTest {

  private static final byte[] README_KEY = bytes("this is our super secret key; only we should know it");
  private static final byte[] VECTOR_KEY = bytes("this is the root key of payql vectors");

  /** js-macaroon: location, identifier, no caveats. */
  private static final String JS_PLAIN =
      "AgEVaHR0cHM6Ly9wYXlxbC5leGFtcGxlAhZ3ZSB1c2VkIG91ciBzZWNyZXQga2V5AAAGIC3TOcUBRwd8CX3G4pduOCzRAh4Yvc5Z0QNtsuVtRM9n";
  /** js-macaroon: the same with two first-party caveats. */
  private static final String JS_TWO_CAVEATS = "AgEVaHR0cHM6Ly9wYXlxbC5leGFtcGxlAhZ3ZSB1c2VkIG91ciBzZWNyZXQga2V5AAIUYWNjb3VudCA9IDM3"
      + "MzU5Mjg1NTkAAhBzZXJ2aWNlcz1wYXlxbDowAAAGIHtE_dimIyK5R0xZKvG4MP29QyKKHYRdOdiQHCirJrqp";
  /** js-macaroon: no location, a binary 66-byte identifier (bytes 0..65, as an L402 one is binary). */
  private static final String JS_BINARY_ID = "AgJCAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7"
      + "PD0-P0BBAAIccGF5cWxfdmFsaWRfdW50aWw9MTcwMDAwMDAwMAAABiCEKk6TbKJsOKdxNUe4j3VolyLhYf4fDBGLMennEJe9vA";

  @Test
  void theSignatureChainIsLibmacaroonsOwn() {
    Macaroon minted = Macaroon.mint(README_KEY, bytes("we used our secret key"), Optional.of("http://mybank/"));
    assertThat(hex(minted.signature())).isEqualTo("e3d9e02908526c4c0039ae15114115d97fdd68bf2ba379b342aaf0f617d0552f");

    Macaroon narrowed = minted.withFirstPartyCaveat("account = 3735928559");
    assertThat(hex(narrowed.signature())).isEqualTo("1efe4763f290dbce0c1d08477367e11f4eee456a64933cf662d79772dbb82128");
  }

  @Test
  void jsMacaroonsBytesDecodeAndEncodeBackByteForByte() {
    for (String exported : List.of(JS_PLAIN, JS_TWO_CAVEATS, JS_BINARY_ID)) {
      Macaroon decoded = MacaroonBinary.decodeBase64(exported);

      assertThat(MacaroonBinary.encode(decoded)).isEqualTo(Base64.getUrlDecoder().decode(exported));
      assertThat(decoded.isSignedBy(VECTOR_KEY)).as(exported).isTrue();
    }
  }

  @Test
  void whatPayqlMintsIsWhatJsMacaroonMints() {
    Macaroon minted = Macaroon.mint(VECTOR_KEY, bytes("we used our secret key"), Optional.of("https://payql.example"))
        .withFirstPartyCaveat("account = 3735928559")
        .withFirstPartyCaveat("services=payql:0");

    assertThat(MacaroonBinary.encode(minted)).isEqualTo(Base64.getUrlDecoder().decode(JS_TWO_CAVEATS));
    assertThat(MacaroonBinary.decodeBase64(JS_TWO_CAVEATS).conditions())
        .containsExactly("account = 3735928559", "services=payql:0");
  }

  @Test
  void bothBase64AlphabetsPaddedOrNotAreRead() {
    byte[] raw = Base64.getUrlDecoder().decode(JS_BINARY_ID);
    Macaroon fromStandard = MacaroonBinary.decodeBase64(Base64.getEncoder().encodeToString(raw));
    Macaroon fromUrlSafe = MacaroonBinary.decodeBase64(JS_BINARY_ID);

    assertThat(fromStandard).isEqualTo(fromUrlSafe);
    assertThat(fromStandard.location()).isEmpty();
    assertThat(fromStandard.identifier()).hasSize(66);
  }

  @Test
  void anotherRootKeyARemovedCaveatOrAChangedOneBreaksTheChain() {
    Macaroon two = MacaroonBinary.decodeBase64(JS_TWO_CAVEATS);
    Macaroon firstOnly = new Macaroon(two.location(), two.identifier(), two.caveats().subList(0, 1), two.signature());
    Macaroon changed = new Macaroon(two.location(), two.identifier(),
        List.of(two.caveats().get(0), new Macaroon.Caveat(bytes("services=payql:9"), Optional.empty(), Optional.empty())),
        two.signature());

    assertThat(two.isSignedBy(README_KEY)).isFalse();
    assertThat(firstOnly.isSignedBy(VECTOR_KEY)).isFalse();
    assertThat(changed.isSignedBy(VECTOR_KEY)).isFalse();
    // adding a caveat is what anyone may do: it still verifies
    assertThat(two.withFirstPartyCaveat("preimage=00").isSignedBy(VECTOR_KEY)).isTrue();
  }

  @Test
  void aThirdPartyCaveatIsNeverAccepted() {
    Macaroon plain = MacaroonBinary.decodeBase64(JS_PLAIN);
    Macaroon thirdParty = new Macaroon(plain.location(), plain.identifier(),
        List.of(new Macaroon.Caveat(bytes("ask elsewhere"), Optional.of(new byte[40]), Optional.of("https://other"))),
        plain.signature());

    assertThat(MacaroonBinary.decode(MacaroonBinary.encode(thirdParty))).isEqualTo(thirdParty);
    assertThat(thirdParty.isSignedBy(VECTOR_KEY)).isFalse();
  }

  @Test
  void brokenBytesAreRefusedWithAReason() {
    byte[] good = Base64.getUrlDecoder().decode(JS_TWO_CAVEATS);
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 5);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    byte[] version1 = good.clone();
    version1[0] = 1;

    for (byte[] broken : List.of(truncated, trailing, version1, new byte[0], new byte[] {2, 2, (byte) 0xff, 0x7f})) {
      assertThatThrownBy(() -> MacaroonBinary.decode(broken)).isInstanceOf(MalformedMacaroonException.class);
    }
    assertThatThrownBy(() -> MacaroonBinary.decodeBase64("not base64 at all!"))
        .isInstanceOf(MalformedMacaroonException.class);
  }

  @Test
  void noMoreCaveatsThanTheBoundAreRead() {
    Macaroon many = Macaroon.mint(VECTOR_KEY, bytes("id"), Optional.empty());
    for (int i = 0; i <= MacaroonBinary.MAX_CAVEATS; i++) {
      many = many.withFirstPartyCaveat("c" + i);
    }
    byte[] encoded = MacaroonBinary.encode(many);

    assertThatThrownBy(() -> MacaroonBinary.decode(encoded)).isInstanceOf(MalformedMacaroonException.class)
        .hasMessageContaining("caveats");
  }

  @Test
  void itsTextNeverShowsTheSignature() {
    Macaroon macaroon = MacaroonBinary.decodeBase64(JS_PLAIN);

    assertThat(macaroon.toString()).doesNotContain(hex(macaroon.signature()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
