/**
 * Macaroons (Birgisson et al., "Macaroons: Cookies with Contextual Caveats", NDSS 2014) in the
 * version 2 binary format of libmacaroons, the one L402 tokens travel in. Only first-party caveats:
 * PayQL mints and checks its own tokens and trusts no third party to discharge one.
 */
package dev.payql.adapter.http.web.macaroon;
