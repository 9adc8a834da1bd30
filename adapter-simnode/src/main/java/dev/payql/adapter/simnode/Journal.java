package dev.payql.adapter.simnode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The writer of the simulated node's journal: group commit on one thread. Callers hand in records
 * ({@link #append}) and get a future; the writer takes everything queued (up to a limit), writes it
 * as one group ({@link Frames}) with one write and one fsync, tells the {@link Listener} in journal
 * order, and only then completes the futures. Many callers therefore share one fsync, and nobody is
 * answered before the disk holds their record.
 *
 * <p>A failed write or fsync (a full disk, an I/O error) fails the whole group and cuts the file
 * back to its last committed length, so the next group does not follow a half-written one; if even
 * that fails, every later group first retries the cut and fails while it cannot be made. Nothing of
 * a failed group reaches the listener. After a failed fsync the kernel may have dropped the pages
 * it could not write, so the writer never trusts them: it cuts them off rather than retrying the
 * fsync.
 *
 * <p>Files are {@code simnode.journal.<generation>}. {@link #requestRotation()} makes the writer
 * start the next generation between two groups and report it, so a checkpoint can replace the
 * earlier files (ADR 0018).
 */
final class Journal implements AutoCloseable {

  static final String PREFIX = "simnode.journal.";

  /** At most this many records and bytes per group: bounds the write and the wait of the first caller. */
  private static final int MAX_GROUP_RECORDS = 4096;
  private static final int MAX_GROUP_BYTES = 4 << 20;
  private static final System.Logger LOG = System.getLogger(Journal.class.getName());

  /** Told on the writer thread, in journal order, between groups. */
  interface Listener {
    /** The records are on disk; apply them. The futures complete after this returns. */
    void committed(List<JournalEntry> records);

    /** Everything committed so far lies in generations before {@code generation}, which is now written. */
    void rotated(long generation);
  }

  private record Pending(JournalEntry entry, CompletableFuture<Void> done) {}

  private static final Pending STOP = new Pending(null, null);
  /** Wakes the writer for a rotation when nothing else is queued. */
  private static final Pending WAKE = new Pending(null, null);

  private final Path directory;
  private final Listener listener;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  private volatile boolean rotationRequested;

  // owned by the writer thread
  private FileChannel channel;
  private long generation;
  private long committedLength;
  private boolean needsCut;

  private Journal(Path directory, long generation, FileChannel channel, long committedLength, Listener listener) {
    this.directory = directory;
    this.generation = generation;
    this.channel = channel;
    this.committedLength = committedLength;
    this.listener = listener;
    this.writer = Thread.ofPlatform().daemon().name("simnode-journal").unstarted(this::run);
  }

  static Path file(Path directory, long generation) {
    return directory.resolve(PREFIX + generation);
  }

  /**
   * Starts writing at the end of {@code generation}'s file (created if missing), which must hold
   * only committed groups: recovery has cut off any torn tail before.
   */
  static Journal open(Path directory, long generation, Listener listener) throws IOException {
    FileChannel channel = openForAppend(directory, generation);
    Journal journal = new Journal(directory, generation, channel, channel.size(), listener);
    journal.writer.start();
    return journal;
  }

  /** Queues a record; the future completes once it is on disk and applied, or fails with the reason. */
  CompletableFuture<Void> append(JournalEntry entry) {
    Objects.requireNonNull(entry, "entry");
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the journal is closed"));
      return done;
    }
    queue.add(new Pending(entry, done));
    return done;
  }

  /** Starts the next generation after the group being written, or now if none is. */
  void requestRotation() {
    rotationRequested = true;
    queue.add(WAKE);
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not close {0}: {1}", file(directory, generation), e.toString());
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      group.clear();
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(group, MAX_GROUP_RECORDS - 1);
      // the sentinels are equal records: tell them apart by identity
      stopping = group.stream().anyMatch(pending -> pending == STOP);
      group.removeIf(pending -> pending == STOP || pending == WAKE);
      try {
        if (!group.isEmpty()) {
          commit(group);
        }
        if (rotationRequested && !needsCut && !stopping) {
          rotate();
        }
      } catch (RuntimeException e) {
        // a bug, not an I/O failure: answer the waiting callers and keep the writer alive
        LOG.log(Level.ERROR, "the journal writer failed: {0}", e.toString());
        group.forEach(pending -> pending.done().completeExceptionally(e));
      }
    }
    for (Pending late; (late = queue.poll()) != null; ) {
      if (late != STOP && late != WAKE) {
        late.done().completeExceptionally(new IllegalStateException("the journal is closed"));
      }
    }
  }

  private void commit(List<Pending> group) {
    int start = 0;
    while (start < group.size()) {
      int end = start;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      while (end < group.size() && (end == start || bytes.size() < MAX_GROUP_BYTES)) {
        bytes.writeBytes(Frames.frame(group.get(end).entry().format()));
        end++;
      }
      bytes.writeBytes(Frames.commit(end - start));
      List<Pending> part = group.subList(start, end);
      try {
        write(bytes.toByteArray());
      } catch (IOException e) {
        UncheckedIOException failure = new UncheckedIOException("cannot write the simulated node's journal "
            + file(directory, generation) + ": " + e.getMessage(), e);
        part.forEach(p -> p.done().completeExceptionally(failure));
        cutBack();
        start = end;
        continue;
      }
      List<JournalEntry> records = part.stream().map(Pending::entry).toList();
      try {
        listener.committed(records);
      } catch (RuntimeException e) {
        // the records are on disk; a restart applies them again. Say so rather than hide it.
        LOG.log(Level.ERROR, "applying journal records failed: {0}", e.toString());
        part.forEach(p -> p.done().completeExceptionally(e));
        start = end;
        continue;
      }
      part.forEach(p -> p.done().complete(null));
      start = end;
    }
  }

  private void write(byte[] group) throws IOException {
    if (needsCut) {
      cutBack();
      if (needsCut) {
        throw new IOException("the journal still ends in a half-written group that cannot be cut off");
      }
    }
    ByteBuffer buffer = ByteBuffer.wrap(group);
    long position = committedLength;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    channel.force(false);
    committedLength = position;
  }

  /** Cuts the file back to its last committed length, so a half-written group never stays behind. */
  private void cutBack() {
    try {
      channel.truncate(committedLength);
      channel.force(true);
      needsCut = false;
    } catch (IOException e) {
      needsCut = true;
      LOG.log(Level.WARNING, "cannot cut {0} back to {1} bytes yet: {2}", file(directory, generation), committedLength,
          e.toString());
    }
  }

  private void rotate() {
    rotationRequested = false;
    FileChannel next;
    try {
      next = openForAppend(directory, generation + 1);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot start journal generation {0}, staying on {1}: {2}", generation + 1, generation,
          e.toString());
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not close {0}: {1}", file(directory, generation), e.toString());
    }
    channel = next;
    generation++;
    committedLength = 0;
    listener.rotated(generation);
  }

  private static FileChannel openForAppend(Path directory, long generation) throws IOException {
    Path file = file(directory, generation);
    boolean created = !file.toFile().exists();
    if (created) {
      OwnerOnlyFiles.create(file);
      OwnerOnlyFiles.syncDirectory(directory);
    }
    return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }
}
