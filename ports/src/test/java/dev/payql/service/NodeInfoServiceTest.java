package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.testing.CallCounter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeInfoServiceTest {

  private final Shop shop = new Shop();
  private final CallCounter calls = new CallCounter();
  private final NodeInfoService info =
      new NodeInfoService(calls.wrap(LightningNode.class, shop.node), shop.clock, Duration.ofMinutes(10));

  @Test
  void theNodeIsAskedOnceAndItsAnswerKept() {
    NodeInfo first = info.nodeInfo();
    for (int i = 0; i < 100; i++) {
      assertThat(info.nodeInfo()).isEqualTo(first);
    }

    assertThat(calls.count("info")).isEqualTo(1);
  }

  @Test
  void whileTheNodeIsDownTheLastAnswerStands() {
    NodeInfo known = info.nodeInfo();
    shop.node.goDown();
    shop.clock.advance(Duration.ofHours(1));

    assertThat(info.nodeInfo()).isEqualTo(known);
  }

  @Test
  void anAnswerPastItsAgeIsAskedForAgain() {
    info.nodeInfo();
    shop.clock.advance(Duration.ofMinutes(11));
    info.nodeInfo();

    assertThat(calls.count("info")).isEqualTo(2);
  }

  @Test
  void aNodeDownBeforeItEverAnsweredIsUnavailable() {
    shop.node.goDown();

    assertThatThrownBy(info::nodeInfo).isInstanceOf(NodeUnavailableException.class);
  }
}
