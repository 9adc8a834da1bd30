/**
 * Core Lightning as PayQL's Lightning node: {@link dev.payql.adapter.cln.ClnNode} speaks its JSON-RPC
 * 2.0 over the {@code lightning-rpc} unix socket or over CLNRest with a rune, configured by
 * {@link dev.payql.adapter.cln.ClnConfig}.
 */
package dev.payql.adapter.cln;
