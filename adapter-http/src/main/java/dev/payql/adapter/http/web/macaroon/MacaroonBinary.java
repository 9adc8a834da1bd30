package dev.payql.adapter.http.web.macaroon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The version 2 binary format of libmacaroons ({@code doc/format.txt} there; go-macaroon's
 * {@code marshal-v2.go} and js-macaroon's {@code _exportBinaryV2} write the same bytes):
 *
 * <pre>
 *   0x02
 *   [LOCATION] IDENTIFIER EOS
 *   ( [LOCATION] IDENTIFIER [VID] EOS )*   one per caveat
 *   EOS
 *   SIGNATURE
 * </pre>
 *
 * where each field is a varint type (EOS 0, LOCATION 1, IDENTIFIER 2, VID 4, SIGNATURE 6), then,
 * except for EOS, a varint length and that many bytes. Decoding is strict: fields out of order,
 * lengths past the end, trailing bytes or more than {@link #MAX_CAVEATS} caveats are refused, since
 * the bytes come from strangers.
 */
public final class MacaroonBinary {

  /** Far more than any client adds; a bound on the work one header can ask for. */
  public static final int MAX_CAVEATS = 64;

  private static final int VERSION_2 = 2;
  private static final int EOS = 0;
  private static final int LOCATION = 1;
  private static final int IDENTIFIER = 2;
  private static final int VID = 4;
  private static final int SIGNATURE = 6;

  private MacaroonBinary() {}

  public static byte[] encode(Macaroon macaroon) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION_2);
    macaroon.location().ifPresent(location -> field(out, LOCATION, location.getBytes(StandardCharsets.UTF_8)));
    field(out, IDENTIFIER, macaroon.identifier());
    out.write(EOS);
    for (Macaroon.Caveat caveat : macaroon.caveats()) {
      caveat.location().ifPresent(location -> field(out, LOCATION, location.getBytes(StandardCharsets.UTF_8)));
      field(out, IDENTIFIER, caveat.identifier());
      caveat.verificationId().ifPresent(vid -> field(out, VID, vid));
      out.write(EOS);
    }
    out.write(EOS);
    field(out, SIGNATURE, macaroon.signature());
    return out.toByteArray();
  }

  /** Standard base64 with padding, as Aperture writes L402 macaroons. */
  public static String encodeBase64(Macaroon macaroon) {
    return Base64.getEncoder().encodeToString(encode(macaroon));
  }

  /**
   * Base64 of either alphabet, padded or not (Aperture pads the standard one, js-macaroon writes the
   * URL-safe one unpadded).
   */
  public static Macaroon decodeBase64(String text) {
    String unpadded = text.strip();
    while (unpadded.endsWith("=")) {
      unpadded = unpadded.substring(0, unpadded.length() - 1);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(unpadded.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new MalformedMacaroonException("the macaroon is not base64");
    }
    return decode(bytes);
  }

  public static Macaroon decode(byte[] bytes) {
    Reader in = new Reader(bytes);
    if (in.remaining() == 0 || in.readByte() != VERSION_2) {
      throw new MalformedMacaroonException("only macaroons of the version 2 binary format are understood");
    }
    Optional<String> location = in.optional(LOCATION).map(MacaroonBinary::utf8);
    byte[] identifier = in.required(IDENTIFIER);
    in.endOfSection();
    List<Macaroon.Caveat> caveats = new ArrayList<>();
    while (in.peekType() != EOS) {
      if (caveats.size() == MAX_CAVEATS) {
        throw new MalformedMacaroonException("more than " + MAX_CAVEATS + " caveats");
      }
      Optional<String> caveatLocation = in.optional(LOCATION).map(MacaroonBinary::utf8);
      byte[] caveatId = in.required(IDENTIFIER);
      Optional<byte[]> vid = in.optional(VID);
      in.endOfSection();
      caveats.add(new Macaroon.Caveat(caveatId, vid, caveatLocation));
    }
    in.endOfSection();
    byte[] signature = in.required(SIGNATURE);
    if (signature.length != Macaroon.SIGNATURE_BYTES) {
      throw new MalformedMacaroonException("the signature is not 32 bytes");
    }
    if (in.remaining() != 0) {
      throw new MalformedMacaroonException("bytes after the signature");
    }
    return new Macaroon(location, identifier, caveats, signature);
  }

  private static void field(ByteArrayOutputStream out, int type, byte[] data) {
    varint(out, type);
    varint(out, data.length);
    out.writeBytes(data);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long rest = value;
    while (rest >= 0x80) {
      out.write((int) (rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMacaroonException("a location is not UTF-8");
    }
  }

  /** Reads fields; every failure is a {@link MalformedMacaroonException}. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - position;
    }

    int readByte() {
      if (remaining() == 0) {
        throw new MalformedMacaroonException("the macaroon ends too early");
      }
      return bytes[position++] & 0xff;
    }

    int peekType() {
      int saved = position;
      int type = (int) readVarint();
      position = saved;
      return type;
    }

    Optional<byte[]> optional(int type) {
      return peekType() == type ? Optional.of(required(type)) : Optional.empty();
    }

    byte[] required(int type) {
      int found = (int) readVarint();
      if (found != type) {
        throw new MalformedMacaroonException("expected field " + type + ", found " + found);
      }
      long length = readVarint();
      if (length > remaining()) {
        throw new MalformedMacaroonException("a field is longer than the macaroon");
      }
      byte[] data = Arrays.copyOfRange(bytes, position, position + (int) length);
      position += (int) length;
      return data;
    }

    void endOfSection() {
      int type = (int) readVarint();
      if (type != EOS) {
        throw new MalformedMacaroonException("unexpected field " + type + " where a section ends");
      }
    }

    private long readVarint() {
      long value = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = readByte();
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new MalformedMacaroonException("a varint is too long");
    }
  }
}
