package dev.payql.domain.purchase;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The exact bytes a spent key's execution answered, kept so a client that lost the answer can
 * fetch it again with the same key and body until {@code replayUntil}.
 */
public record StoredResponse(byte[] body, Instant replayUntil) {

  public StoredResponse {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(replayUntil, "replayUntil");
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body's length in bytes, without the copy {@link #body()} makes. */
  public int length() {
    return body.length;
  }

  public boolean isReplayableAt(Instant now) {
    return now.isBefore(replayUntil);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredResponse other
        && Arrays.equals(body, other.body)
        && replayUntil.equals(other.replayUntil);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(body) + replayUntil.hashCode();
  }

  @Override
  public String toString() {
    return "StoredResponse[" + body.length + " bytes, replayUntil=" + replayUntil + "]";
  }
}
