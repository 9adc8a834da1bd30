/**
 * The HTTP side of PayQL: {@code web} serves the contract of DESIGN.md section 1 with Javalin and
 * drives the inbound ports; {@code graphql} is the {@code QueryEngine} on graphql-java over the
 * market-data schema of DESIGN.md section 5.
 */
package dev.payql.adapter.http;
