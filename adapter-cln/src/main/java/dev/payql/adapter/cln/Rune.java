package dev.payql.adapter.cln;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Core Lightning rune: a bearer credential, so {@link #toString()} never prints it. Runes are
 * URL-safe base64 (lightning-createrune(7)).
 */
public final class Rune {

  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_=-]{8,4096}");

  private final String value;

  private Rune(String value) {
    this.value = value;
  }

  public static Rune of(String value) {
    Objects.requireNonNull(value, "value");
    String trimmed = value.strip();
    if (!SHAPE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("a rune is URL-safe base64 text, as lightning-cli createrune prints it");
    }
    return new Rune(trimmed);
  }

  /**
   * Reads the rune from a file: either the bare rune or the JSON that {@code createrune} prints
   * (its {@code "rune"} member).
   */
  public static Rune readFrom(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the rune file " + file + ": " + e.getMessage(), e);
    }
    if (text.startsWith("{")) {
      var matcher = Pattern.compile("\"rune\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
      if (!matcher.find()) {
        throw new IllegalArgumentException("the rune file " + file + " is JSON without a \"rune\" member");
      }
      text = matcher.group(1);
    }
    try {
      return of(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the rune file " + file + " does not hold a rune", e);
    }
  }

  /** The rune itself, for the {@code Rune} header only. */
  String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rune other && java.security.MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Rune[redacted]";
  }
}
