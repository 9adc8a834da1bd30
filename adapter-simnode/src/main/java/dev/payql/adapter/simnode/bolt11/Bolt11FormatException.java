package dev.payql.adapter.simnode.bolt11;

/** Text that is not a valid BOLT #11 invoice; the message says which rule it breaks. */
public class Bolt11FormatException extends IllegalArgumentException {

  public Bolt11FormatException(String message) {
    super(message);
  }
}
