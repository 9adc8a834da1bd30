package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.NodeRejectedException;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of {@code listinvoices} or the answer of {@code waitanyinvoice}, which share a shape
 * (lightning-listinvoices(7)): status is {@code unpaid}, {@code paid} or {@code expired}; a paid
 * entry carries {@code pay_index} and {@code paid_at}.
 */
record ClnInvoice(
    String label,
    String description,
    PaymentHash paymentHash,
    String status,
    Optional<Msat> amount,
    Optional<String> bolt11,
    Instant expiresAt,
    Optional<Instant> paidAt,
    long payIndex) {

  static ClnInvoice parse(JsonNode entry) {
    try {
      return new ClnInvoice(
          entry.path("label").asText(),
          entry.path("description").asText(""),
          PaymentHash.ofHex(required(entry, "payment_hash").asText()),
          required(entry, "status").asText(),
          Optional.ofNullable(entry.get("amount_msat")).filter(n -> !n.isNull()).map(ClnInvoice::msat),
          Optional.ofNullable(entry.get("bolt11")).filter(JsonNode::isTextual).map(JsonNode::asText),
          Instant.ofEpochSecond(required(entry, "expires_at").asLong()),
          Optional.ofNullable(entry.get("paid_at")).filter(JsonNode::isNumber).map(n -> Instant.ofEpochSecond(n.asLong())),
          entry.path("pay_index").asLong(0));
    } catch (IllegalArgumentException e) {
      throw new NodeRejectedException("Core Lightning sent an invoice entry PayQL cannot read: " + e.getMessage(), e);
    }
  }

  boolean isPaid() {
    return "paid".equals(status);
  }

  Invoice toInvoice(Instant createdAt) {
    Bolt11 request = bolt11.map(Bolt11::parse)
        .orElseThrow(() -> new NodeRejectedException("invoice " + paymentHash + " is not a BOLT11 invoice"));
    Msat asked = amount.orElseThrow(() -> new NodeRejectedException("invoice " + paymentHash + " names no amount"));
    Invoice open = Invoice.open(paymentHash, request, asked, createdAt, expiresAt);
    return switch (status) {
      case "paid" -> open.settled(paidAt.orElseThrow(
          () -> new NodeRejectedException("paid invoice " + paymentHash + " has no paid_at")));
      case "expired" -> open.canceled();
      case "unpaid" -> open;
      default -> throw new NodeRejectedException("invoice " + paymentHash + " has an unknown status '" + status + "'");
    };
  }

  /**
   * An msat field: an integer in current Core Lightning, a string like {@code "1000msat"} before
   * v23.05 (doc/developers-guide/deprecations.md).
   */
  static Msat msat(JsonNode node) {
    if (node.isIntegralNumber()) {
      return Msat.of(node.asLong());
    }
    String text = node.asText();
    if (text.endsWith("msat")) {
      text = text.substring(0, text.length() - 4);
    }
    try {
      return Msat.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an msat amount: " + node);
    }
  }

  private static JsonNode required(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value;
  }
}
