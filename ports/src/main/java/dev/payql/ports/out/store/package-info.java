/** Where purchases live: the one place that makes redemption atomic across instances. */
package dev.payql.ports.out.store;
