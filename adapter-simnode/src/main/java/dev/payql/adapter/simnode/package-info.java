/**
 * A Lightning node simulated in process ({@link dev.payql.adapter.simnode.SimulatedNode}): signs real
 * regtest BOLT11 invoices, settles them on request, keeps its state in a journal in the data directory.
 */
package dev.payql.adapter.simnode;
