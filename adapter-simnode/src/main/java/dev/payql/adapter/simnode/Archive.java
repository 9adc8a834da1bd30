package dev.payql.adapter.simnode;

import dev.payql.adapter.simnode.JournalEntry.InvoiceIssued;
import dev.payql.domain.lightning.PaymentHash;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Invoices that can no longer change (settled, or lapsed unpaid), moved out of memory by a
 * checkpoint and read back on demand (ADR 0018):
 * <ul>
 *   <li>{@code simnode.archive}: one framed line per invoice, appended, never rewritten;
 *   <li>{@code simnode.archive-index}: an {@link ArchiveIndex} from payment hash and from label to
 *       the line's offset, so a look-up reads a block or two, not the file;
 *   <li>{@code simnode.settlements}: the offset of settlement number n at byte 8(n-1), so a stream
 *       resumed from an old cursor reads on from there.
 * </ul>
 * The checkpoint file records how long the archive and the settlement list were when it was
 * written; anything beyond is cut off on opening, being the trace of a checkpoint that did not
 * finish. The index is changed in place, so while a checkpoint runs a marker file says it may be
 * out of step; a node that finds the marker on start rebuilds the index from the archive.
 */
final class Archive implements AutoCloseable {

  static final String RECORDS = "simnode.archive";
  static final String INDEX = "simnode.archive-index";
  static final String SETTLEMENTS = "simnode.settlements";
  static final String UNSETTLED_INDEX_MARKER = "simnode.archive-index.changing";

  private static final System.Logger LOG = System.getLogger(Archive.class.getName());
  private static final int FIRST_READ = 2048;
  private static final int LONGEST_RECORD = 1 << 16;

  /** One archived invoice: settled with its cursor and time, or lapsed unpaid ({@code cursor} 0). */
  record Archived(InvoiceIssued issued, long cursor, Instant settledAt) {
    Archived {
      Objects.requireNonNull(issued, "issued");
      if (cursor < 0 || (cursor > 0) != (settledAt != null)) {
        throw new IllegalArgumentException("a settled invoice has a cursor and a time; a lapsed one neither");
      }
    }

    static Archived settled(InvoiceIssued issued, long cursor, Instant settledAt) {
      return new Archived(issued, cursor, Objects.requireNonNull(settledAt, "settledAt"));
    }

    static Archived lapsed(InvoiceIssued issued) {
      return new Archived(issued, 0, null);
    }

    boolean isSettled() {
      return cursor > 0;
    }

    String format() {
      return "archived " + issued.format() + (isSettled() ? " settled " + cursor + " " + settledAt : " lapsed");
    }

    static Archived parse(String text) {
      if (!text.startsWith("archived ")) {
        throw new IllegalArgumentException("not an archived invoice");
      }
      String body = text.substring("archived ".length());
      if (body.endsWith(" lapsed")) {
        return lapsed(issuedOf(body.substring(0, body.length() - " lapsed".length())));
      }
      int settled = body.lastIndexOf(" settled ");
      if (settled < 0) {
        throw new IllegalArgumentException("an archived invoice is settled or lapsed");
      }
      String[] tail = body.substring(settled + " settled ".length()).split(" ");
      if (tail.length != 2) {
        throw new IllegalArgumentException("a settled archived invoice ends with its cursor and time");
      }
      return settled(issuedOf(body.substring(0, settled)), Long.parseLong(tail[0]), Instant.parse(tail[1]));
    }

    private static InvoiceIssued issuedOf(String text) {
      if (JournalEntry.parse(text) instanceof InvoiceIssued issued) {
        return issued;
      }
      throw new IllegalArgumentException("an archived record holds an invoice");
    }
  }

  private final Path directory;
  private final FileChannel records;
  private final FileChannel settlements;
  private final ArchiveIndex index;
  private volatile long length;
  private volatile long settlementCount;

  private Archive(Path directory, FileChannel records, FileChannel settlements, ArchiveIndex index, long length,
      long settlementCount) {
    this.directory = directory;
    this.records = records;
    this.settlements = settlements;
    this.index = index;
    this.length = length;
    this.settlementCount = settlementCount;
  }

  /**
   * Opens the archive as the last checkpoint left it: {@code length} bytes of records and
   * {@code settlementCount} settlements.
   */
  static Archive open(Path directory, long length, long settlementCount) throws IOException {
    FileChannel records = openOwnerOnly(directory.resolve(RECORDS));
    FileChannel settlements = openOwnerOnly(directory.resolve(SETTLEMENTS));
    try {
      if (records.size() < length || settlements.size() < settlementCount * Long.BYTES) {
        throw new IllegalStateException(directory.resolve(RECORDS) + " is shorter than the checkpoint says ("
            + records.size() + " < " + length + " bytes, or fewer settlements than " + settlementCount
            + "): restore the data directory from a backup");
      }
      records.truncate(length);
      settlements.truncate(settlementCount * Long.BYTES);
      Path marker = directory.resolve(UNSETTLED_INDEX_MARKER);
      ArchiveIndex index;
      boolean interrupted = Files.exists(marker);
      if (interrupted || !Files.exists(directory.resolve(INDEX))) {
        index = ArchiveIndex.empty(directory.resolve(INDEX));
        Archive archive = new Archive(directory, records, settlements, index, length, settlementCount);
        if (length > 0) {
          archive.rebuild(interrupted ? "a checkpoint was interrupted" : "the index is missing");
        }
        Files.deleteIfExists(marker);
        return archive;
      }
      index = ArchiveIndex.open(directory.resolve(INDEX));
      return new Archive(directory, records, settlements, index, length, settlementCount);
    } catch (IOException | RuntimeException e) {
      records.close();
      settlements.close();
      throw e;
    }
  }

  long length() {
    return length;
  }

  long settlementCount() {
    return settlementCount;
  }

  Optional<Archived> byHash(PaymentHash hash) throws IOException {
    return find(hash.bytes()).filter(a -> a.issued().paymentHash().equals(hash));
  }

  Optional<Archived> byLabel(String label) throws IOException {
    return find(labelKey(label)).filter(a -> a.issued().label().equals(label));
  }

  /** Settlements after {@code afterCursor}, in cursor order, at most {@code max}. */
  List<Archived> settlementsAfter(long afterCursor, int max) throws IOException {
    long last = Math.min(settlementCount, afterCursor + max);
    List<Archived> found = new ArrayList<>();
    if (last <= afterCursor) {
      return found;
    }
    ByteBuffer offsets = ByteBuffer.allocate((int) (last - afterCursor) * Long.BYTES);
    readFully(settlements, offsets, afterCursor * Long.BYTES);
    offsets.flip();
    for (long cursor = afterCursor + 1; cursor <= last; cursor++) {
      Archived archived = at(offsets.getLong());
      if (archived.cursor() != cursor) {
        throw new IllegalStateException(directory.resolve(SETTLEMENTS) + " names the wrong record for settlement "
            + cursor);
      }
      found.add(archived);
    }
    return found;
  }

  /** Says, durably, that the index is about to change: a crash from here on means rebuilding it. */
  void beginChanges() throws IOException {
    Path marker = directory.resolve(UNSETTLED_INDEX_MARKER);
    if (!Files.exists(marker)) {
      OwnerOnlyFiles.create(marker);
      OwnerOnlyFiles.syncDirectory(directory);
    }
  }

  /** Appends an invoice; a settled one must carry the next settlement number. */
  void add(Archived archived) throws IOException {
    if (archived.isSettled() && archived.cursor() != settlementCount + 1) {
      throw new IllegalStateException("settlement " + archived.cursor() + " archived after " + settlementCount);
    }
    long offset = length;
    ByteBuffer line = ByteBuffer.wrap(Frames.frame(archived.format()));
    long position = offset;
    while (line.hasRemaining()) {
      position += records.write(line, position);
    }
    index(archived, offset);
    if (archived.isSettled()) {
      ByteBuffer entry = ByteBuffer.allocate(Long.BYTES).putLong(offset).flip();
      while (entry.hasRemaining()) {
        settlements.write(entry, settlementCount * Long.BYTES + entry.position());
      }
      settlementCount++;
    }
    length = position;
  }

  /** Forces records, settlement offsets and index to disk. */
  void sync() throws IOException {
    records.force(false);
    settlements.force(false);
    index.sync();
  }

  /** The checkpoint that covers the changes is on disk: the index is in step again. */
  void endChanges() throws IOException {
    Files.deleteIfExists(directory.resolve(UNSETTLED_INDEX_MARKER));
  }

  /**
   * Forgets what a failed checkpoint appended: the next one writes over it (every write names its
   * position), and opening cuts off whatever lies beyond the last checkpoint's length. Its index
   * entries point past the end or at other records, which reading checks.
   */
  void rollBack(long toLength, long toSettlements) {
    length = toLength;
    settlementCount = toSettlements;
    try {
      records.truncate(toLength);
      settlements.truncate(toSettlements * Long.BYTES);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot cut the archive back yet: {0}", e.toString());
    }
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : new AutoCloseable[] {index, records, settlements}) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "could not close the archive: {0}", e.toString());
      }
    }
  }

  private Optional<Archived> find(byte[] key) throws IOException {
    OptionalLong offset = index.get(key);
    if (offset.isEmpty() || offset.getAsLong() >= length) {
      return Optional.empty();
    }
    try {
      return Optional.of(at(offset.getAsLong()));
    } catch (IllegalStateException stale) {
      // an entry written by a checkpoint that did not finish, pointing at bytes rewritten since
      return Optional.empty();
    }
  }

  private Archived at(long offset) throws IOException {
    int size = FIRST_READ;
    while (true) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, length - offset));
      int read = records.read(buffer, offset);
      byte[] bytes = Arrays.copyOf(buffer.array(), Math.max(read, 0));
      Optional<String> line = Frames.line(bytes, 0, bytes.length);
      if (line.isPresent()) {
        try {
          return Archived.parse(line.get());
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("archive record at byte " + offset + " is damaged: " + e.getMessage(), e);
        }
      }
      if (size >= LONGEST_RECORD || offset + size >= length) {
        throw new IllegalStateException("no whole archive record at byte " + offset);
      }
      size *= 4;
    }
  }

  private void rebuild(String why) throws IOException {
    LOG.log(Level.WARNING, "rebuilding {0} from {1} ({2} bytes): {3}", directory.resolve(INDEX),
        directory.resolve(RECORDS), length, why);
    settlements.truncate(0);
    long known = length;
    long settled = 0;
    long position = 0;
    byte[] bytes = Files.readAllBytes(directory.resolve(RECORDS));
    while (position < known) {
      Optional<String> line = Frames.line(bytes, (int) position, (int) known);
      if (line.isEmpty()) {
        throw new IllegalStateException(directory.resolve(RECORDS) + " is damaged at byte " + position);
      }
      Archived archived = Archived.parse(line.get());
      index(archived, position);
      if (archived.isSettled()) {
        if (archived.cursor() != settled + 1) {
          throw new IllegalStateException(directory.resolve(RECORDS) + " holds settlement " + archived.cursor()
              + " after " + settled);
        }
        ByteBuffer entry = ByteBuffer.allocate(Long.BYTES).putLong(position).flip();
        settlements.write(entry, settled * Long.BYTES);
        settled++;
      }
      position += line.get().getBytes(StandardCharsets.UTF_8).length + 10;
    }
    if (settled != settlementCount) {
      throw new IllegalStateException(directory.resolve(RECORDS) + " holds " + settled
          + " settlements where the checkpoint counts " + settlementCount);
    }
    sync();
  }

  private void index(Archived archived, long offset) throws IOException {
    index.put(archived.issued().paymentHash().bytes(), offset);
    index.put(labelKey(archived.issued().label()), offset);
  }

  private static byte[] labelKey(String label) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("payql simnode label " + label).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static FileChannel openOwnerOnly(Path file) throws IOException {
    if (!Files.exists(file)) {
      OwnerOnlyFiles.create(file);
    }
    return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("unexpected end of " + RECORDS + " data at byte " + at);
      }
      at += read;
    }
  }
}
