package dev.payql.ports.out.node;

/** A running settlement stream; closing it stops delivery and releases its connection. */
public interface SettlementSubscription extends AutoCloseable {

  @Override
  void close();
}
