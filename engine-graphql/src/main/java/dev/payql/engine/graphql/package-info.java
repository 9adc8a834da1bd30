/**
 * The GraphQL engine on graphql-java, for any executable schema: parses and validates requests
 * (cached by query text), picks the operation, weighs it with the schema's {@link
 * dev.payql.engine.graphql.FieldRules}, and executes it under a deadline with client-safe errors.
 * The API being sold (the bundled market data, a host's own schema) plugs its schema in.
 */
package dev.payql.engine.graphql;
