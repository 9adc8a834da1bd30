/** The composition root: configuration, choice of adapters, start and stop. */
package dev.payql.app;
