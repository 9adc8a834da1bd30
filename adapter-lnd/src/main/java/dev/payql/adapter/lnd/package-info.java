/**
 * The LND backend: {@link dev.payql.adapter.lnd.LndNode} implements the {@code LightningNode} port over
 * LND's gRPC interface (the {@code lnrpc.Lightning} service, from the generated classes lightningj
 * publishes), with TLS pinned to the node's own certificate and a macaroon on every call.
 */
package dev.payql.adapter.lnd;
