/**
 * The PayQL domain: what a purchase of one GraphQL request is and the rules that decide whether a
 * presented key may run it. Plain Java, no dependency outside the JDK, so any host can embed it.
 */
package dev.payql.domain;
