package dev.payql.service;

import dev.payql.ports.in.NodeInfoUseCase;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeInfo;
import java.util.Objects;

/** Answers who the node is; the node's answer is passed on as it is. */
public final class NodeInfoService implements NodeInfoUseCase {

  private final LightningNode node;

  public NodeInfoService(LightningNode node) {
    this.node = Objects.requireNonNull(node, "node");
  }

  @Override
  public NodeInfo nodeInfo() {
    return node.info();
  }
}
