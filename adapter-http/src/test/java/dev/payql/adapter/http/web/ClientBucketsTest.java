package dev.payql.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientBucketsTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ClientBuckets limit = new ClientBuckets(6, 1_000, now::get);

  @Test
  void anAddressMayBurstUpToTheLimitThenWaitsForTheNextToken() {
    for (int i = 0; i < 6; i++) {
      assertThat(limit.take("198.51.100.1")).isEmpty();
    }

    assertThat(limit.take("198.51.100.1")).contains(Duration.ofSeconds(10));
  }

  @Test
  void tokensComeBackEvenlyOverTheMinute() {
    for (int i = 0; i < 6; i++) {
      limit.take("198.51.100.1");
    }

    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(limit.take("198.51.100.1")).contains(Duration.ofSeconds(6));
    now.addAndGet(Duration.ofSeconds(6).toNanos());
    assertThat(limit.take("198.51.100.1")).isEmpty();
    assertThat(limit.take("198.51.100.1")).isPresent();
  }

  @Test
  void aLongPauseRefillsNoMoreThanTheBurst() {
    now.addAndGet(Duration.ofDays(3).toNanos());

    for (int i = 0; i < 6; i++) {
      assertThat(limit.take("198.51.100.1")).isEmpty();
    }
    assertThat(limit.take("198.51.100.1")).isPresent();
  }

  @Test
  void addressesHaveTheirOwnBuckets() {
    for (int i = 0; i < 6; i++) {
      limit.take("198.51.100.1");
    }

    assertThat(limit.take("198.51.100.2")).isEmpty();
  }

  @Test
  void zeroPerMinuteIsNoLimit() {
    ClientBuckets off = new ClientBuckets(0, 1_000, now::get);

    for (int i = 0; i < 100; i++) {
      assertThat(off.take("198.51.100.1")).isEmpty();
    }
  }

  @Test
  void aTokenGivenBackCanBeTakenAgainButNeverBeyondTheBurst() {
    for (int i = 0; i < 6; i++) {
      limit.take("198.51.100.1");
    }
    limit.giveBack("198.51.100.1");

    assertThat(limit.take("198.51.100.1")).isEmpty();
    assertThat(limit.take("198.51.100.1")).isPresent();
    for (int i = 0; i < 10; i++) {
      limit.giveBack("198.51.100.2");
    }
    for (int i = 0; i < 6; i++) {
      assertThat(limit.take("198.51.100.2")).isEmpty();
    }
    assertThat(limit.take("198.51.100.2")).isPresent();
  }

  @Test
  void memoryStaysBoundedWhateverTheNumberOfClients() {
    ClientBuckets bounded = new ClientBuckets(6, 100, now::get);

    for (int i = 0; i < 50_000; i++) {
      bounded.take("client-" + i);
    }

    assertThat(bounded.tracked()).isLessThanOrEqualTo(100);
  }
}
