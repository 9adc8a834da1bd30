/** The cln adapter. */
package dev.payql.adapter.cln;
