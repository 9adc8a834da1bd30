package dev.payql.adapter.simnode;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.PaymentOutcome;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One record of the simulated node's journal (framed by {@link Frames}). Fields are separated by
 * single spaces; none of them can hold a space (labels, hex, ISO-8601 instants, bech32, a
 * URL-encoded reason), so no quoting is needed.
 */
sealed interface JournalEntry {

  String format();

  /**
   * An invoice was issued. {@code nonce} is not the preimage: the preimage is derived from it with
   * the node key (see {@link PreimageSeed}), so the journal alone gives no proof of payment away.
   */
  record InvoiceIssued(String label, PaymentHash paymentHash, Msat amount, Instant createdAt, Instant expiresAt,
      String nonce, Bolt11 paymentRequest) implements JournalEntry {
    public InvoiceIssued {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(paymentRequest, "paymentRequest");
      HexFormat.of().parseHex(nonce);
    }

    @Override
    public String format() {
      return String.join(" ", "invoice", label, paymentHash.hex(), Long.toString(amount.value()),
          createdAt.toString(), expiresAt.toString(), nonce, paymentRequest.text());
    }
  }

  /**
   * An invoice was paid. Settlements are numbered 1, 2, 3… (the stream's cursor) by their order in
   * the journal, so a number can never be skipped or given twice; the first journal format wrote
   * the number out, and reading it still accepts that form.
   */
  record InvoiceSettled(PaymentHash paymentHash, Instant settledAt) implements JournalEntry {
    public InvoiceSettled {
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(settledAt, "settledAt");
    }

    @Override
    public String format() {
      return String.join(" ", "settled", paymentHash.hex(), settledAt.toString());
    }
  }

  /** What the node did about one outgoing payment, by its payment hash. */
  sealed interface PaymentRecord extends JournalEntry {
    PaymentHash paymentHash();

    PaymentOutcome outcome();
  }

  /**
   * The node paid someone else's invoice: written by earlier versions, which recorded refunds as
   * paid; still read, so their status stays known.
   */
  record PaymentSent(PaymentHash paymentHash, Msat amount, Instant paidAt, Bolt11 paymentRequest)
      implements PaymentRecord {
    public PaymentSent {
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(paidAt, "paidAt");
      Objects.requireNonNull(paymentRequest, "paymentRequest");
    }

    @Override
    public PaymentOutcome outcome() {
      return new PaymentOutcome.Succeeded(paymentHash, amount, Msat.ZERO);
    }

    @Override
    public String format() {
      return String.join(" ", "paid", paymentHash.hex(), Long.toString(amount.value()), paidAt.toString(),
          paymentRequest.text());
    }
  }

  /** A payment the node tried and could not make; nothing left the node. */
  record PaymentFailed(PaymentHash paymentHash, Instant failedAt, String reason) implements PaymentRecord {
    public PaymentFailed {
      Objects.requireNonNull(paymentHash, "paymentHash");
      Objects.requireNonNull(failedAt, "failedAt");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public PaymentOutcome outcome() {
      return new PaymentOutcome.Failed(reason);
    }

    @Override
    public String format() {
      // the reason is prose: URL-encoded, it holds no space and no line break
      return String.join(" ", "payment-failed", paymentHash.hex(), failedAt.toString(),
          URLEncoder.encode(reason, StandardCharsets.UTF_8));
    }
  }

  /** @throws IllegalArgumentException when the line is not a journal entry */
  static JournalEntry parse(String line) {
    String[] f = line.split(" ");
    try {
      return switch (f[0]) {
        case "invoice" -> {
          expect(f, 8);
          yield new InvoiceIssued(f[1], new PaymentHash(f[2]), Msat.of(Long.parseLong(f[3])), Instant.parse(f[4]),
              Instant.parse(f[5]), f[6], new Bolt11(f[7]));
        }
        case "settled" -> f.length == 4
            ? new InvoiceSettled(new PaymentHash(f[2]), Instant.parse(f[3]))
            : new InvoiceSettled(new PaymentHash(expect(f, 3)[1]), Instant.parse(f[2]));
        case "paid" -> {
          expect(f, 5);
          yield new PaymentSent(new PaymentHash(f[1]), Msat.of(Long.parseLong(f[2])), Instant.parse(f[3]),
              new Bolt11(f[4]));
        }
        case "payment-failed" -> {
          expect(f, 4);
          yield new PaymentFailed(new PaymentHash(f[1]), Instant.parse(f[2]), URLDecoder.decode(f[3], StandardCharsets.UTF_8));
        }
        default -> throw new IllegalArgumentException("unknown journal entry '" + f[0] + "'");
      };
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad instant in journal entry: " + e.getParsedString(), e);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("a journal entry is cut short", e);
    }
  }

  private static String[] expect(String[] fields, int count) {
    if (fields.length != count) {
      throw new IllegalArgumentException("a '" + fields[0] + "' entry has " + count + " fields, not " + fields.length);
    }
    return fields;
  }
}
