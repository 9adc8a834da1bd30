package dev.payql.adapter.simnode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated node's memory across restarts: an append-only text file, one {@link JournalEntry}
 * per line, each line forced to disk before the call that wrote it returns. The file is locked
 * while open, so two nodes cannot write one journal.
 */
final class Journal implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Journal.class.getName());

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final List<JournalEntry> replayed;

  private Journal(Path file, FileChannel channel, FileLock lock, List<JournalEntry> replayed) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.replayed = replayed;
  }

  /**
   * Opens (or creates, owner-only) the journal and reads it. A last line without its newline is
   * the trace of a crash in mid-write: it is cut off, since its call never returned. Any other
   * unreadable line means the file was damaged, and opening fails rather than lose invoices.
   */
  static Journal open(Path file) throws IOException {
    if (!Files.exists(file)) {
      OwnerOnlyFiles.create(file);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException(file + " is in use by another simulated node; close it first");
      }
      List<JournalEntry> entries = read(file, channel);
      channel.position(channel.size());
      return new Journal(file, channel, lock, entries);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  List<JournalEntry> replayed() {
    return List.copyOf(replayed);
  }

  /** Appends one entry and forces it to disk. */
  void append(JournalEntry entry) {
    ByteBuffer line = ByteBuffer.wrap((entry.format() + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (line.hasRemaining()) {
        channel.write(line);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the simulated node's journal " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not release the lock on {0}: {1}", file, e.toString());
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not close {0}: {1}", file, e.toString());
    }
  }

  private static List<JournalEntry> read(Path file, FileChannel channel) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      LOG.log(System.Logger.Level.WARNING, "{0}: dropping a torn last line ({1} bytes) left by a crash",
          file, bytes.length - end);
      channel.truncate(end);
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    List<JournalEntry> entries = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        entries.add(JournalEntry.parse(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(file + " line " + lineNumber + " is damaged: " + e.getMessage(), e);
      }
    }
    return entries;
  }
}
