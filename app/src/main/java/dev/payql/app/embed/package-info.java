/** The entry point for hosts that sell their own graphql-java schema with PayQL in their JVM. */
package dev.payql.app.embed;
