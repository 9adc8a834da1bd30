package dev.payql.adapter.simnode;

import dev.payql.adapter.simnode.JournalEntry.InvoiceIssued;
import dev.payql.adapter.simnode.JournalEntry.PaymentRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's state where journal {@code generation} begins, so a start reads this and the journal
 * after it instead of every record ever written (ADR 0018): the invoices still open, the payments
 * made, and how much of the {@link Archive} is valid. Written whole to a new file, forced and
 * renamed over the old one, so it is always one complete checkpoint or the previous one.
 *
 * @param archiveLength bytes of {@code simnode.archive} this checkpoint vouches for
 * @param archivedSettlements settlements 1..n are in the archive; later ones are in the journal
 */
record Checkpoint(long generation, long archiveLength, long archivedSettlements, List<InvoiceIssued> openInvoices,
    List<PaymentRecord> payments) {

  static final String FILE = "simnode.checkpoint";
  private static final String HEADER = "checkpoint 1";

  Checkpoint {
    openInvoices = List.copyOf(openInvoices);
    payments = List.copyOf(payments);
  }

  /** Where a node without a checkpoint starts: nothing archived, journal generation 1. */
  static Checkpoint initial() {
    return new Checkpoint(1, 0, 0, List.of(), List.of());
  }

  static Optional<Checkpoint> read(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Frames.Contents contents = Frames.read(file.toString(), Files.readAllBytes(file));
    List<String> lines = contents.records();
    if (contents.droppedTail().isPresent() || lines.isEmpty() || !lines.getFirst().startsWith(HEADER + " ")) {
      throw new IllegalStateException(file + " is not a whole checkpoint"
          + contents.droppedTail().map(t -> ": " + t).orElse("") + "; restore the data directory from a backup");
    }
    String[] header = lines.getFirst().split(" ");
    if (header.length != 5) {
      throw new IllegalStateException(file + " has a malformed header");
    }
    List<InvoiceIssued> open = new ArrayList<>();
    List<PaymentRecord> payments = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      JournalEntry entry;
      try {
        entry = JournalEntry.parse(lines.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(file + " line " + (i + 1) + " is damaged: " + e.getMessage(), e);
      }
      switch (entry) {
        case InvoiceIssued issued -> open.add(issued);
        case PaymentRecord payment -> payments.add(payment);
        case JournalEntry.InvoiceSettled settled ->
            throw new IllegalStateException(file + " line " + (i + 1) + " holds a settlement; a checkpoint archives those");
      }
    }
    return Optional.of(new Checkpoint(Long.parseLong(header[2]), Long.parseLong(header[3]), Long.parseLong(header[4]),
        open, payments));
  }

  void write(Path directory) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Frames.frame(String.join(" ", HEADER, Long.toString(generation), Long.toString(archiveLength),
        Long.toString(archivedSettlements))));
    openInvoices.forEach(invoice -> out.writeBytes(Frames.frame(invoice.format())));
    payments.forEach(payment -> out.writeBytes(Frames.frame(payment.format())));
    out.writeBytes(Frames.commit(1 + openInvoices.size() + payments.size()));
    OwnerOnlyFiles.writeNew(directory.resolve(FILE), out.toByteArray());
  }
}
