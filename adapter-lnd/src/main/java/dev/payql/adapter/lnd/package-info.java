/** The lnd adapter. */
package dev.payql.adapter.lnd;
