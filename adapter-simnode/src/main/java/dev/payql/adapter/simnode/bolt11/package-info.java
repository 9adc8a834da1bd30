/**
 * A BOLT #11 invoice codec written from the specification: bech32 (BIP-173 without its length limit),
 * the human-readable part with amounts, tagged fields, and recoverable secp256k1 signatures with
 * RFC 6979 nonces (BouncyCastle supplies the curve arithmetic).
 */
package dev.payql.adapter.simnode.bolt11;
