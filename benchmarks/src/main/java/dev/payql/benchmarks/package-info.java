/**
 * How fast PayQL is, always measured beside a baseline in the same run so that a figure from a
 * loaded or slow machine still means something: JMH benchmarks of the hot paths (each class holds
 * the measured path and its baseline) and {@link dev.payql.benchmarks.HttpLoadDriver}, which drives
 * the whole paid cycle over HTTP beside a free request. docs/benchmarks.md has the commands and
 * the figures.
 */
package dev.payql.benchmarks;
