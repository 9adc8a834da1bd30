/**
 * The GraphiQL page in pay-per-request mode (issue 7): the page and its script under
 * {@code /web}, GraphiQL and React from Maven Central WebJars under {@code /webjars}, and the QR
 * code of an invoice drawn on the server. Nothing here is fetched from a CDN: the page works offline.
 * {@link dev.payql.adapter.http.page.GraphiqlPage#install} is the one call that adds it to a
 * Javalin configuration.
 */
package dev.payql.adapter.http.page;
