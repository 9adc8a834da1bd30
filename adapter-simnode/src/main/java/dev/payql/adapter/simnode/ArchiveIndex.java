package dev.payql.adapter.simnode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A hash table on disk from 32-byte keys (payment hashes, label digests) to offsets in the
 * {@link Archive}: open addressing with linear probing, at most half full, doubled by rewriting it
 * into a new file. One look-up reads one small block, whatever the number of invoices, and nothing
 * of it stays in memory.
 *
 * <p>It is derived data: every entry can be rebuilt from the archive, which is what happens after
 * a crash in the middle of changing it (ADR 0018). A reader always checks the record an offset
 * leads to, so an entry left by an interrupted checkpoint cannot mislead it.
 */
final class ArchiveIndex implements AutoCloseable {

  static final int KEY_BYTES = 32;
  private static final int SLOT = KEY_BYTES + Long.BYTES;
  /** Magic, slot count, entry count (written by {@link #sync()}). */
  private static final int HEADER = 24;
  private static final long MAGIC = 0x5051_5349_4458_3031L; // "PQSIDX01"
  private static final long INITIAL_SLOTS = 1 << 12;
  /** Slots read per look-up: a probe sequence at half load is almost always shorter. */
  private static final int PROBE_BLOCK = 16;

  private final Path file;
  private final ReadWriteLock resizing = new ReentrantReadWriteLock();
  private FileChannel channel;
  private long slots;
  private long entries;

  private ArchiveIndex(Path file, FileChannel channel, long slots, long entries) {
    this.file = file;
    this.channel = channel;
    this.slots = slots;
    this.entries = entries;
  }

  /** Opens the index, or makes an empty one when it is missing or not an index. */
  static ArchiveIndex open(Path file) throws IOException {
    if (Files.exists(file)) {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      channel.read(header, 0);
      header.flip();
      if (header.remaining() == HEADER && header.getLong() == MAGIC) {
        long slots = header.getLong();
        long entries = header.getLong();
        if (Long.bitCount(slots) == 1 && channel.size() == HEADER + slots * SLOT && entries >= 0 && entries <= slots) {
          return new ArchiveIndex(file, channel, slots, entries);
        }
      }
      channel.close();
    }
    return empty(file);
  }

  /** Replaces the index with an empty one, to be rebuilt from the archive. */
  static ArchiveIndex empty(Path file) throws IOException {
    Path fresh = create(file, INITIAL_SLOTS);
    Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new ArchiveIndex(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE),
        INITIAL_SLOTS, 0);
  }

  /** The offset stored for {@code key}, if any; safe alongside {@link #put}. */
  OptionalLong get(byte[] key) throws IOException {
    resizing.readLock().lock();
    try {
      long slot = home(key, slots);
      ByteBuffer block = ByteBuffer.allocate(PROBE_BLOCK * SLOT);
      byte[] stored = new byte[KEY_BYTES];
      for (long probed = 0; probed < slots; ) {
        block.clear();
        int count = (int) Math.min(PROBE_BLOCK, slots - slot);
        block.limit(count * SLOT);
        readFully(channel, block, HEADER + slot * SLOT);
        block.flip();
        for (int i = 0; i < count; i++, probed++) {
          block.get(stored);
          long value = block.getLong();
          if (value == 0) {
            return OptionalLong.empty();
          }
          if (Arrays.equals(stored, key)) {
            return OptionalLong.of(value - 1);
          }
        }
        slot = (slot + count) & (slots - 1);
      }
      return OptionalLong.empty();
    } finally {
      resizing.readLock().unlock();
    }
  }

  /** Stores {@code offset} for {@code key}, replacing an earlier offset; only the checkpoint calls it. */
  void put(byte[] key, long offset) throws IOException {
    if ((entries + 1) * 2 > slots) {
      grow();
    }
    if (insert(channel, slots, key, offset)) {
      entries++;
    }
  }

  /** Writes the entry count and forces the table to disk. */
  void sync() throws IOException {
    ByteBuffer count = ByteBuffer.allocate(Long.BYTES).putLong(entries).flip();
    while (count.hasRemaining()) {
      channel.write(count, 2L * Long.BYTES + count.position());
    }
    channel.force(false);
  }

  long entries() {
    return entries;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void grow() throws IOException {
    long doubled = slots * 2;
    Path bigger = create(file, doubled);
    try (FileChannel target = FileChannel.open(bigger, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer slot = ByteBuffer.allocate(SLOT);
      byte[] key = new byte[KEY_BYTES];
      for (long i = 0; i < slots; i++) {
        slot.clear();
        readFully(channel, slot, HEADER + i * SLOT);
        slot.flip();
        slot.get(key);
        long value = slot.getLong();
        if (value != 0) {
          insert(target, doubled, key, value - 1);
        }
      }
      ByteBuffer count = ByteBuffer.allocate(Long.BYTES).putLong(entries).flip();
      target.write(count, 2L * Long.BYTES);
      target.force(false);
    } catch (IOException e) {
      Files.deleteIfExists(bigger);
      throw e;
    }
    resizing.writeLock().lock();
    try {
      Files.move(bigger, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      channel.close();
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      slots = doubled;
    } finally {
      resizing.writeLock().unlock();
    }
  }

  /** True when the key was new. */
  private static boolean insert(FileChannel channel, long slots, byte[] key, long offset) throws IOException {
    ByteBuffer slot = ByteBuffer.allocate(SLOT);
    byte[] stored = new byte[KEY_BYTES];
    long index = home(key, slots);
    while (true) {
      slot.clear();
      readFully(channel, slot, HEADER + index * SLOT);
      slot.flip();
      slot.get(stored);
      long value = slot.getLong();
      boolean fresh = value == 0;
      if (fresh || Arrays.equals(stored, key)) {
        slot.clear();
        slot.put(key).putLong(offset + 1).flip();
        while (slot.hasRemaining()) {
          channel.write(slot, HEADER + index * SLOT + slot.position());
        }
        return fresh;
      }
      index = (index + 1) & (slots - 1);
    }
  }

  private static Path create(Path file, long slots) throws IOException {
    Path fresh = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(fresh);
    OwnerOnlyFiles.create(fresh);
    try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(MAGIC).putLong(slots).putLong(0).flip();
      channel.write(header, 0);
      // a sparse file: the zeros of empty slots take no room until written
      channel.write(ByteBuffer.allocate(1), HEADER + slots * SLOT - 1);
      channel.force(false);
    }
    return fresh;
  }

  private static long home(byte[] key, long slots) {
    return ByteBuffer.wrap(key).getLong() & (slots - 1);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("the archive index ends early at byte " + at);
      }
      at += read;
    }
  }
}
