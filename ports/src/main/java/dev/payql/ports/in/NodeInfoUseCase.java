package dev.payql.ports.in;

import dev.payql.ports.out.node.NodeInfo;

/** Tells buyers which node they pay and where to open a channel to it. */
public interface NodeInfoUseCase {

  NodeInfo nodeInfo();
}
