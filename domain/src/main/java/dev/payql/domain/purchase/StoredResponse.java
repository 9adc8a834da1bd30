package dev.payql.domain.purchase;

import dev.payql.domain.request.ResponseBody;
import java.time.Instant;
import java.util.Objects;

/**
 * The exact bytes a spent key's execution answered, kept so a client that lost the answer can
 * fetch it again with the same key and body until {@code replayUntil}.
 */
public record StoredResponse(ResponseBody response, Instant replayUntil) {

  public StoredResponse {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(replayUntil, "replayUntil");
  }

  public StoredResponse(byte[] body, Instant replayUntil) {
    this(ResponseBody.of(body), replayUntil);
  }

  /** A copy of the response's bytes. */
  public byte[] body() {
    return response.bytes();
  }

  /** The body's length in bytes, without the copy {@link #body()} makes. */
  public int length() {
    return response.length();
  }

  public boolean isReplayableAt(Instant now) {
    return now.isBefore(replayUntil);
  }
}
