package dev.payql.adapter.simnode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * How the node's files hold records: one line per record, its CRC-32C in 8 hex digits, a space and
 * the record's text; a group of records written together ends with a line {@code commit <count>}.
 * A group counts only once its commit line is read: that line is written last, in the same write
 * as its records, and the group is acknowledged only after the fsync that covers it.
 *
 * <p>Reading after a crash (ADR 0018): the journal's writer starts a group only after the previous
 * one is on disk, so only the last group can be incomplete. A bad line (wrong checksum, cut short,
 * zeros left by a power loss) followed by at most one commit line belongs to that last,
 * unacknowledged group: it is dropped. A bad line whose group's commit line is followed by more
 * bytes lies inside a group that was on disk before the next one was begun, so it was
 * acknowledged: the file is damaged, and reading fails naming the byte offset and line.
 */
final class Frames {

  private static final String COMMIT = "commit ";
  private static final HexFormat HEX = HexFormat.of();

  private Frames() {}

  /** One record as a line: checksum, space, text, newline. */
  static byte[] frame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[9 + payload.length + 1];
    System.arraycopy(HEX.formatHex(crc(payload, 0, payload.length)).getBytes(StandardCharsets.US_ASCII), 0, line, 0, 8);
    line[8] = ' ';
    System.arraycopy(payload, 0, line, 9, payload.length);
    line[line.length - 1] = '\n';
    return line;
  }

  /** The line that commits the {@code count} records before it. */
  static byte[] commit(int count) {
    return frame(COMMIT + count);
  }

  /** The committed records of a file, and how its end was found. */
  record Contents(List<String> records, long committedLength, Optional<String> droppedTail) {}

  /**
   * Reads every committed record. A torn last group is reported in {@link Contents#droppedTail()}
   * and not returned; the caller truncates the file to {@link Contents#committedLength()}.
   *
   * @throws IllegalStateException when a record inside an acknowledged group is damaged
   */
  static Contents read(String fileName, byte[] bytes) {
    List<String> committed = new ArrayList<>();
    List<String> group = new ArrayList<>();
    int position = 0;
    long committedLength = 0;
    int line = 0;
    while (position < bytes.length) {
      line++;
      int end = indexOf(bytes, (byte) '\n', position);
      String problem = end < 0 ? "the line has no end" : check(bytes, position, end);
      if (problem != null) {
        if (acknowledgedGroupFollows(bytes, position)) {
          throw new IllegalStateException(fileName + " is damaged at byte " + position + " (line " + line + "): "
              + problem + ", and groups of records acknowledged after it follow; restore the file from a backup");
        }
        return new Contents(committed, committedLength, Optional.of(tail(bytes.length - committedLength,
            group.size(), "a bad line at byte " + position + ": " + problem)));
      }
      String text = new String(bytes, position + 9, end - position - 9, StandardCharsets.UTF_8);
      position = end + 1;
      if (text.startsWith(COMMIT)) {
        if (!text.equals(COMMIT + group.size())) {
          if (position < bytes.length) {
            throw new IllegalStateException(fileName + " is damaged at line " + line + ": '" + text + "' closes "
                + group.size() + " records");
          }
          return new Contents(committed, committedLength, Optional.of(tail(bytes.length - committedLength,
              group.size(), "a commit of the wrong count at line " + line)));
        }
        committed.addAll(group);
        group.clear();
        committedLength = position;
      } else {
        group.add(text);
      }
    }
    if (!group.isEmpty()) {
      return new Contents(committed, committedLength, Optional.of(tail(bytes.length - committedLength, group.size(),
          "no commit line")));
    }
    return new Contents(committed, committedLength, Optional.empty());
  }

  /** The text of the line that starts at {@code start}, if it is whole and its checksum holds. */
  static Optional<String> line(byte[] bytes, int start, int length) {
    int end = -1;
    for (int i = start; i < length; i++) {
      if (bytes[i] == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0 || check(bytes, start, end) != null) {
      return Optional.empty();
    }
    return Optional.of(new String(bytes, start + 9, end - start - 9, StandardCharsets.UTF_8));
  }

  private static String tail(long bytes, int records, String why) {
    return bytes + " bytes (" + records + " whole record(s) and a cut one, or none) after the last commit: " + why;
  }

  /** Null if the line from {@code start} to {@code end} (its newline) is well formed, else what is wrong. */
  private static String check(byte[] bytes, int start, int end) {
    if (end - start < 9 || bytes[start + 8] != ' ') {
      return "no checksum";
    }
    byte[] expected;
    try {
      expected = HEX.parseHex(new String(bytes, start, 8, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return "no checksum";
    }
    byte[] actual = crc(bytes, start + 9, end - start - 9);
    return java.util.Arrays.equals(expected, actual) ? null : "wrong checksum";
  }

  /**
   * Whether a well-formed commit line follows {@code from} with more bytes after it: then the group
   * holding {@code from} was complete on disk before the writer began the next one.
   */
  private static boolean acknowledgedGroupFollows(byte[] bytes, int from) {
    int position = indexOf(bytes, (byte) '\n', from);
    while (position >= 0 && position + 1 < bytes.length) {
      int start = position + 1;
      int end = indexOf(bytes, (byte) '\n', start);
      if (end < 0) {
        return false;
      }
      if (check(bytes, start, end) == null
          && new String(bytes, start + 9, end - start - 9, StandardCharsets.UTF_8).startsWith(COMMIT)) {
        return end + 1 < bytes.length;
      }
      position = end;
    }
    return false;
  }

  private static int indexOf(byte[] bytes, byte value, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    long value = crc.getValue();
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }
}
