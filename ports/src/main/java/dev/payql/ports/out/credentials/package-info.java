/** The secret behind PayQL's payment credentials (L402 macaroons, Payment and x402 challenges). */
package dev.payql.ports.out.credentials;
