/** The use cases a driving adapter (HTTP, or a host application) calls. */
package dev.payql.ports.in;
