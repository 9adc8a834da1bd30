package dev.payql.domain.purchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.request.ResponseBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredResponseTest {

  private static final Instant UNTIL = Instant.parse("2026-03-01T12:10:00Z");

  private static byte[] body() {
    return "{\"data\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void changingTheCallersArrayAfterwardsDoesNotChangeTheStoredBytes() {
    byte[] body = body();
    StoredResponse stored = new StoredResponse(body, UNTIL);

    body[0] = 'X';

    assertThat(stored.body()).isEqualTo(body());
  }

  @Test
  void changingTheReturnedArrayDoesNotChangeTheStoredBytes() {
    StoredResponse stored = new StoredResponse(body(), UNTIL);

    stored.body()[0] = 'X';

    assertThat(stored.body()).isEqualTo(body());
  }

  @Test
  void storedResponsesAreEqualByContent() {
    assertThat(new StoredResponse(body(), UNTIL))
        .isEqualTo(new StoredResponse(body(), UNTIL))
        .hasSameHashCodeAs(new StoredResponse(body(), UNTIL))
        .isNotEqualTo(new StoredResponse(new byte[0], UNTIL))
        .isNotEqualTo(new StoredResponse(body(), UNTIL.plusMillis(1)));
  }

  @Test
  void replayableUpToButNotIncludingTheEndOfTheWindow() {
    StoredResponse stored = new StoredResponse(body(), UNTIL);

    assertThat(stored.isReplayableAt(UNTIL.minusNanos(1))).isTrue();
    assertThat(stored.isReplayableAt(UNTIL)).isFalse();
    assertThat(stored.isReplayableAt(UNTIL.plusSeconds(1))).isFalse();
  }

  @Test
  void toStringGivesTheSizeNotTheBody() {
    assertThat(new StoredResponse(body(), UNTIL).toString())
        .contains(body().length + " bytes")
        .doesNotContain("data");
  }

  @Test
  void bothPartsAreRequired() {
    assertThatThrownBy(() -> new StoredResponse((byte[]) null, UNTIL)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new StoredResponse((ResponseBody) null, UNTIL)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new StoredResponse(body(), null)).isInstanceOf(NullPointerException.class);
  }
}
