package dev.payql.adapter.simnode;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal of earlier versions: {@code simnode.journal}, one unframed {@link JournalEntry} per
 * line. A node that finds one imports it into a first checkpoint and removes it. A last line
 * without its newline was cut by a crash and is dropped, as those versions did; any other bad line
 * stops the start, naming the line and byte, rather than lose what follows it.
 */
final class LegacyJournal {

  static final String FILE = "simnode.journal";

  private static final System.Logger LOG = System.getLogger(LegacyJournal.class.getName());

  private LegacyJournal() {}

  static List<JournalEntry> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      LOG.log(Level.WARNING, "{0}: dropping a torn last line ({1} bytes) left by a crash", file, bytes.length - end);
    }
    List<JournalEntry> entries = new ArrayList<>();
    int lineNumber = 0;
    int start = 0;
    while (start < end) {
      int newline = start;
      while (bytes[newline] != '\n') {
        newline++;
      }
      lineNumber++;
      String line = new String(bytes, start, newline - start, StandardCharsets.UTF_8);
      if (!line.isEmpty()) {
        try {
          entries.add(JournalEntry.parse(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(file + " line " + lineNumber + " (byte " + start + ") is damaged: "
              + e.getMessage() + "; restore the file from a backup, or remove that line", e);
        }
      }
      start = newline + 1;
    }
    return entries;
  }
}
