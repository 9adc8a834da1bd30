package dev.payql.domain.request;

import java.util.Arrays;
import java.util.Objects;

/**
 * A GraphQL response exactly as the buyer gets it: UTF-8 JSON bytes that nobody can change after
 * the fact, since a replay must answer byte for byte what the execution answered. Compared by
 * content. Its text form gives only the length: a response is what the buyer paid for, and has no
 * place in a log line.
 */
public final class ResponseBody {

  private final byte[] bytes;

  private ResponseBody(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The response of these bytes, copied: the caller's array may change afterwards. */
  public static ResponseBody of(byte[] bytes) {
    return new ResponseBody(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The length in bytes, without the copy {@link #bytes()} makes. */
  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseBody other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length + " bytes";
  }
}
