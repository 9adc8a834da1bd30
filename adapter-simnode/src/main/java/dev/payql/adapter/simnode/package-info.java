/** The simnode adapter. */
package dev.payql.adapter.simnode;
