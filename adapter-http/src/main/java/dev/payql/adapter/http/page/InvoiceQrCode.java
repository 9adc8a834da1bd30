package dev.payql.adapter.http.page;

import dev.payql.domain.lightning.Bolt11;
import io.nayuki.qrcodegen.DataTooLongException;
import io.nayuki.qrcodegen.QrCode;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A QR code of a BOLT11 payment request, drawn as SVG.
 *
 * <p>Only text shaped like a BOLT11 invoice (optionally behind a {@code lightning:} scheme) is
 * accepted, so the endpoint cannot be used to draw arbitrary content. The text is encoded in upper
 * case: BOLT11 is bech32, which is case-insensitive (BIP-173 "Uppercase/lowercase"), and upper case
 * fits QR's alphanumeric mode, a code about a third smaller than byte mode, which wallets scan more
 * easily.
 */
public final class InvoiceQrCode {

  /** The longest payment request there is ({@link Bolt11#MAX_LENGTH}), behind the optional scheme. */
  public static final int MAX_LENGTH = "lightning:".length() + Bolt11.MAX_LENGTH;

  // hrp "ln" + currency + optional amount, the separator "1", then bech32 data characters
  // (BOLT #11 "Human-Readable Part"; BIP-173 "Bech32" for the data alphabet)
  private static final Pattern BOLT11 =
      Pattern.compile("(LIGHTNING:)?LN[A-Z]{2,4}[0-9]*[MUNP]?1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{6,}");

  /** Quiet zone around the symbol, in modules: ISO/IEC 18004 asks for four. */
  private static final int BORDER = 4;

  private final String text;
  private final QrCode code;

  private InvoiceQrCode(String text) {
    this.text = text;
    try {
      this.code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    } catch (DataTooLongException e) {
      // a QR code holds about 3,400 alphanumeric characters at this error correction level
      throw new IllegalArgumentException("data is a valid length for BOLT11 but too long for a QR code", e);
    }
  }

  /**
   * @throws IllegalArgumentException with a message fit for the client when the text is not a
   *     BOLT11 payment request
   */
  public static InvoiceQrCode of(String paymentRequest) {
    if (paymentRequest == null || paymentRequest.isBlank()) {
      throw new IllegalArgumentException("data is required: a BOLT11 payment request");
    }
    if (paymentRequest.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("data is longer than " + MAX_LENGTH + " characters");
    }
    // bech32 forbids mixed case; the scheme is case-insensitive, so it is left out of that check
    String body = paymentRequest.regionMatches(true, 0, "lightning:", 0, 10)
        ? paymentRequest.substring(10) : paymentRequest;
    if (!body.equals(body.toUpperCase(Locale.ROOT)) && !body.equals(body.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("data mixes upper and lower case, which BOLT11 (bech32) does not allow");
    }
    String upper = paymentRequest.toUpperCase(Locale.ROOT);
    if (!BOLT11.matcher(upper).matches()) {
      throw new IllegalArgumentException("data is not a BOLT11 payment request (ln..1..)");
    }
    return new InvoiceQrCode(upper);
  }

  /** The text the symbol encodes (upper case). */
  public String text() {
    return text;
  }

  /** Modules per side, without the quiet zone. */
  public int size() {
    return code.size;
  }

  public boolean isDark(int x, int y) {
    return code.getModule(x, y);
  }

  /**
   * The symbol as a standalone SVG document: one path of unit squares on a white background, scaled
   * by the viewer, with crisp edges so it stays scannable at any size.
   */
  public String svg() {
    int side = code.size + 2 * BORDER;
    StringBuilder path = new StringBuilder(code.size * code.size * 4);
    for (int y = 0; y < code.size; y++) {
      for (int x = 0; x < code.size; x++) {
        if (code.getModule(x, y)) {
          path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
        }
      }
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 %1$d %1$d" \
        shape-rendering="crispEdges" role="img"><title>Lightning invoice QR code</title>\
        <rect width="100%%" height="100%%" fill="#ffffff"/><path d="%2$s" fill="#000000"/></svg>
        """.formatted(side, path);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InvoiceQrCode that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  @Override
  public String toString() {
    return "InvoiceQrCode[" + code.size + "x" + code.size + "]";
  }
}
