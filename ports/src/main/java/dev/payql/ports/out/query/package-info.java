/** The GraphQL engine behind PayQL: inspects requests before they are sold, executes them after. */
package dev.payql.ports.out.query;
