/** The Lightning node PayQL sells through, shaped by what PayQL needs rather than by one node's API. */
package dev.payql.ports.out.node;
