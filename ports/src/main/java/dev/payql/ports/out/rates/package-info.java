/** The BTC/USD rate prices are set and shown at, and the refusal when none is fresh enough. */
package dev.payql.ports.out.rates;
