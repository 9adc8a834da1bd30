package dev.payql.adapter.http.web;

import dev.payql.adapter.http.web.macaroon.Macaroon;
import dev.payql.adapter.http.web.macaroon.MacaroonBinary;
import dev.payql.adapter.http.web.macaroon.MalformedMacaroonException;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.request.RequestFingerprint;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * L402 (bLIP-0026), and LSAT, its older name: the challenge
 * {@code L402 macaroon="<base64>", invoice="<bolt11>"} and the credential
 * {@code L402 <macaroon>[,<macaroon>…]:<preimage hex>}.
 *
 * <p>The macaroon's identifier is bLIP-0026's: version (uint16, 0), payment hash (32 bytes), token
 * id (32 random bytes). Its first-party caveats say what the purchase is: {@code services=payql:0},
 * {@code payql_request=<fingerprint>}, {@code payql_valid_until=<unix seconds>} (Aperture's
 * {@code <service>_valid_until} naming). Caveats PayQL knows must hold, however many times they are
 * repeated (each repetition can only narrow); caveats it does not know are ignored, so a client that
 * adds its own (lnget records the preimage in one) still passes.
 */
final class L402Scheme {

  static final String LOCATION = "payql";
  static final String SERVICE = "payql";
  static final String REQUEST_CAVEAT = "payql_request";
  static final String VALID_UNTIL_CAVEAT = SERVICE + "_valid_until";
  static final String SERVICES_CAVEAT = "services";
  private static final int IDENTIFIER_BYTES = 2 + 32 + 32;
  private static final Pattern PREIMAGE = Pattern.compile("[0-9a-fA-F]{64}");

  private final StandardPayments payments;
  private final SecureRandom random = new SecureRandom();

  L402Scheme(StandardPayments payments) {
    this.payments = payments;
  }

  /**
   * {@code L402} first, then {@code LSAT} for older clients, as Aperture sends them; in each
   * {@code macaroon} first and {@code invoice} right after it, the order lnget's and Aperture's
   * client regular expressions require.
   */
  List<HeaderField> challenges(Offer offer) {
    String macaroon = MacaroonBinary.encodeBase64(mint(offer));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("macaroon", macaroon);
    params.put("invoice", offer.invoice().text());
    return List.of(new HeaderField("WWW-Authenticate", AuthParams.challenge("L402", params)),
        new HeaderField("WWW-Authenticate", AuthParams.challenge("LSAT", params)));
  }

  Macaroon mint(Offer offer) {
    byte[] tokenId = new byte[32];
    random.nextBytes(tokenId);
    byte[] identifier = ByteBuffer.allocate(IDENTIFIER_BYTES).putShort((short) 0).put(offer.paymentHash().bytes())
        .put(tokenId).array();
    Instant validUntil = offer.invoiceExpiresAt().plus(payments.keyLifetime());
    return Macaroon.mint(payments.macaroonKey(), identifier, Optional.of(LOCATION))
        .withFirstPartyCaveat(SERVICES_CAVEAT + "=" + SERVICE + ":0")
        .withFirstPartyCaveat(REQUEST_CAVEAT + "=" + offer.fingerprint().hex())
        .withFirstPartyCaveat(VALID_UNTIL_CAVEAT + "=" + validUntil.getEpochSecond());
  }

  /**
   * Reads {@code <macaroons>:<preimage>} (what follows the scheme). A forged, tampered or malformed
   * credential, or a preimage that is not the macaroon's, is a 401; one that outlived itself or was
   * made for another request is {@link PresentedCredential.Outlived}.
   */
  PresentedCredential read(String scheme, String token, RequestFingerprint presented) {
    int colon = token.lastIndexOf(':');
    if (colon < 0) {
      throw invalid("invalid_credential", "L402 credentials are <macaroon>:<preimage hex>");
    }
    String preimageHex = token.substring(colon + 1).strip();
    if (!PREIMAGE.matcher(preimageHex).matches()) {
      throw invalid("invalid_preimage", "the preimage is 64 hex characters after the last ':'");
    }
    Preimage preimage = Preimage.ofHex(preimageHex.toLowerCase(Locale.ROOT));
    String[] macaroons = token.substring(0, colon).split(",");
    Macaroon macaroon;
    try {
      // the first is the token; more (discharges, in macaroon terms) name third-party caveats,
      // which PayQL's macaroons never carry, so they are read for their form and otherwise unused
      macaroon = MacaroonBinary.decodeBase64(macaroons[0]);
      for (int i = 1; i < macaroons.length; i++) {
        MacaroonBinary.decodeBase64(macaroons[i]);
      }
    } catch (MalformedMacaroonException e) {
      throw invalid("invalid_macaroon", "the macaroon cannot be read: " + e.getMessage());
    }
    if (!macaroon.isSignedBy(payments.macaroonKey())) {
      throw invalid("invalid_macaroon", "the macaroon's signature does not verify: it was not minted here, "
          + "or one of its caveats was removed or changed");
    }
    PaymentHash paymentHash = paymentHashOf(macaroon.identifier());
    if (!preimage.paymentHash().equals(paymentHash)) {
      throw invalid("wrong_preimage", "the preimage is not the one of the macaroon's payment hash");
    }
    return checkCaveats(scheme, macaroon.conditions(), presented)
        .orElseGet(() -> new PresentedCredential.Paid(scheme, new PaymentProof.PaidPreimage(preimage), List.of()));
  }

  private Optional<PresentedCredential> checkCaveats(String scheme, List<String> conditions, RequestFingerprint presented) {
    Instant now = payments.clock().instant();
    for (String condition : conditions) {
      int equals = condition.indexOf('=');
      if (equals < 0) {
        continue; // not a condition=value caveat: someone else's
      }
      String name = condition.substring(0, equals).strip();
      String value = condition.substring(equals + 1).strip();
      switch (name) {
        case SERVICES_CAVEAT -> {
          boolean forPayql = Arrays.stream(value.split(",")).map(String::strip)
              .anyMatch(service -> service.equals(SERVICE) || service.startsWith(SERVICE + ":"));
          if (!forPayql) {
            throw invalid("invalid_macaroon", "the macaroon is restricted to other services than " + SERVICE);
          }
        }
        case VALID_UNTIL_CAVEAT -> {
          long until;
          try {
            until = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw invalid("invalid_macaroon", VALID_UNTIL_CAVEAT + " is not a number of seconds");
          }
          if (now.getEpochSecond() > until) {
            return Optional.of(new PresentedCredential.Outlived(scheme, "credential_expired",
                "this L402 credential expired; this request can be bought again with the challenge sent"));
          }
        }
        case REQUEST_CAVEAT -> {
          if (!value.equals(presented.hex())) {
            return Optional.of(new PresentedCredential.Outlived(scheme, "request_mismatch",
                "this L402 credential paid for another request; this one can be bought with the challenge sent"));
          }
        }
        default -> {
          // a caveat PayQL did not add and does not know: it narrows nothing PayQL checks
        }
      }
    }
    return Optional.empty();
  }

  private static PaymentHash paymentHashOf(byte[] identifier) {
    if (identifier.length != IDENTIFIER_BYTES || identifier[0] != 0 || identifier[1] != 0) {
      throw invalid("invalid_macaroon", "the macaroon's identifier is not an L402 identifier of version 0");
    }
    return PaymentHash.of(Arrays.copyOfRange(identifier, 2, 34));
  }

  private static ProblemException invalid(String code, String detail) {
    return new ProblemException(Problem.of(401, code, "Invalid L402 credential", detail));
  }
}
