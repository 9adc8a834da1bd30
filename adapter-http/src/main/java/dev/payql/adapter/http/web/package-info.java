/**
 * The HTTP contract of DESIGN.md sections 1.2 to 1.6 on Javalin: thin routes that parse, call an
 * inbound port and map its outcome; RFC 9457 problems for every refusal; body limits, CORS, a rate
 * limit on invoicing, health and Prometheus metrics.
 */
package dev.payql.adapter.http.web;
