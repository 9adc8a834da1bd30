package dev.payql.service;

import dev.payql.ports.in.NodeInfoUseCase;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers who the node is. Its key, network and addresses do not change while it runs, so the
 * node's answer is kept and asked again only once it is {@code refreshAfter} old; while the node
 * is down the last answer stands. A free {@code GET /api/node} so costs the node nothing.
 */
public final class NodeInfoService implements NodeInfoUseCase {

  /** Long enough that the node is asked a few times an hour at most; short enough to see a new address. */
  public static final Duration DEFAULT_REFRESH_AFTER = Duration.ofMinutes(10);

  private record Known(NodeInfo info, Instant askedAt) {}

  private final LightningNode node;
  private final Clock clock;
  private final Duration refreshAfter;
  private final AtomicReference<Known> known = new AtomicReference<>();

  public NodeInfoService(LightningNode node) {
    this(node, Clock.systemUTC(), DEFAULT_REFRESH_AFTER);
  }

  public NodeInfoService(LightningNode node, Clock clock, Duration refreshAfter) {
    this.node = Objects.requireNonNull(node, "node");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshAfter = Objects.requireNonNull(refreshAfter, "refreshAfter");
  }

  @Override
  public NodeInfo nodeInfo() {
    Known last = known.get();
    Instant now = clock.instant();
    if (last != null && now.isBefore(last.askedAt().plus(refreshAfter))) {
      return last.info();
    }
    try {
      NodeInfo info = node.info();
      known.set(new Known(info, now));
      return info;
    } catch (NodeUnavailableException e) {
      if (last == null) {
        throw e;
      }
      return last.info();
    }
  }
}
