/** The persistence adapter. */
package dev.payql.adapter.persistence;
