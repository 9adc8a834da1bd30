package dev.payql.adapter.lnd;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The macaroon LND checks on every call, sent as the {@code macaroon} metadata header in hex (the
 * way lncli and LND's own docs/grpc/java.md do it). A bearer secret: it is never logged and
 * {@link #toString()} does not show it.
 */
final class Macaroon extends CallCredentials {

  static final Metadata.Key<String> HEADER = Metadata.Key.of("macaroon", Metadata.ASCII_STRING_MARSHALLER);

  private static final Pattern HEX_TEXT = Pattern.compile("[0-9a-fA-F]+");

  private final String hex;
  private final Path source;

  private Macaroon(String hex, Path source) {
    this.hex = hex;
    this.source = source;
  }

  /** Reads a macaroon file as LND writes it (binary); a file holding its hex text works too. */
  static Macaroon read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("the LND macaroon file " + file + " cannot be read ("
          + e.getClass().getSimpleName() + ")", e);
    }
    String text = new String(bytes, StandardCharsets.US_ASCII).strip();
    if (bytes.length == 0 || text.isEmpty()) {
      throw new IllegalArgumentException("the LND macaroon file " + file + " is empty");
    }
    String hex = HEX_TEXT.matcher(text).matches() && text.length() % 2 == 0
        ? text.toLowerCase(java.util.Locale.ROOT)
        : HexFormat.of().formatHex(bytes);
    return new Macaroon(hex, file);
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    try {
      Metadata headers = new Metadata();
      headers.put(HEADER, hex);
      applier.apply(headers);
    } catch (RuntimeException e) {
      applier.fail(Status.UNAUTHENTICATED.withDescription("the macaroon could not be attached").withCause(e));
    }
  }

  Path source() {
    return source;
  }

  @Override
  public String toString() {
    return "Macaroon[" + source + ", redacted]";
  }
}
