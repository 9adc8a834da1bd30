package dev.payql.engine.graphql;

import dev.payql.ports.out.query.Inspection;
import graphql.language.Document;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Query texts already parsed and validated against the schema, least recently used dropped first.
 * A request is inspected when it is invoiced and executed after it is paid; both see the same text,
 * so the second parse and validation are saved. Invalid texts are kept too: a client retrying a
 * broken query costs nothing.
 */
final class ParsedDocuments {

  sealed interface Entry {}

  record Valid(Document document) implements Entry {}

  record Invalid(Inspection.Rejected rejection) implements Entry {}

  private final Map<String, Entry> entries;
  private final int capacity;

  ParsedDocuments(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<String, ParsedDocuments.Entry> eldest) {
        return size() > ParsedDocuments.this.capacity;
      }
    };
  }

  /** Parsing runs outside the lock: two threads may parse one text at once, which is harmless. */
  Entry get(String query, Function<String, Entry> parse) {
    synchronized (entries) {
      Entry known = entries.get(query);
      if (known != null) {
        return known;
      }
    }
    Entry parsed = parse.apply(query);
    if (capacity > 0) {
      synchronized (entries) {
        entries.put(query, parsed);
      }
    }
    return parsed;
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
