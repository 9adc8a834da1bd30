package dev.payql.adapter.http.web.macaroon;

/** Bytes that are no macaroon of the format PayQL reads; the message names the broken part, never a value. */
public final class MalformedMacaroonException extends IllegalArgumentException {

  public MalformedMacaroonException(String message) {
    super(message);
  }
}
