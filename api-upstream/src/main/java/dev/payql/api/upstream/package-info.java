/**
 * Proxy mode: PayQL sells requests to a GraphQL API it did not write. The upstream's schema comes
 * from introspection or an SDL file and is refreshed on an interval; requests are validated and
 * weighed against it by the GraphQL engine, and paid ones forwarded with the operator's headers
 * under a deadline and a response size limit.
 */
package dev.payql.api.upstream;
