/**
 * What PayQL measures about itself, in Micrometer (ADR 0030): one Prometheus registry for the
 * process, and decorators that meter the outbound ports and use cases from outside, so the domain,
 * the ports and the services stay free of any metrics library.
 */
package dev.payql.app.metrics;
