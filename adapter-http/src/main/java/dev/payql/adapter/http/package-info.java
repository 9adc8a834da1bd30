/** The http adapter. */
package dev.payql.adapter.http;
