package dev.payql.ports.out.node;

import dev.payql.domain.money.Msat;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to invoice. {@code label} is unique per purchase and derived from it, so a node that keys
 * invoices by label (Core Lightning) can find an invoice again after a lost answer.
 */
public record InvoiceRequest(Msat amount, String description, Duration expiry, String label) {

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  public InvoiceRequest {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(label, "label");
    if (amount.value() < 1) {
      throw new IllegalArgumentException("an invoice asks for at least 1 msat");
    }
    if (expiry.toSeconds() < 1) {
      throw new IllegalArgumentException("an invoice lives at least one second");
    }
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("a label is 1 to 128 of [A-Za-z0-9._:-]");
    }
    // BOLT11 'd' field: a description is at most 639 bytes (the tagged-field length limit)
    if (description.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 639) {
      throw new IllegalArgumentException("a description is at most 639 bytes");
    }
  }
}
