package dev.payql.engine.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.ports.out.query.Inspection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParsedDocumentsTest {

  private final AtomicInteger parses = new AtomicInteger();

  private ParsedDocuments.Entry parse(String query) {
    parses.incrementAndGet();
    return new ParsedDocuments.Invalid(new Inspection.Rejected(Inspection.Kind.SYNTAX, query, List.of()));
  }

  @Test
  void aQueryTextIsParsedOnceWhileItIsKept() {
    ParsedDocuments documents = new ParsedDocuments(2);

    documents.get("{ a }", this::parse);
    documents.get("{ a }", this::parse);

    assertThat(parses).hasValue(1);
  }

  @Test
  void theLeastRecentlyUsedTextIsDroppedFirst() {
    ParsedDocuments documents = new ParsedDocuments(2);
    documents.get("{ a }", this::parse);
    documents.get("{ b }", this::parse);
    documents.get("{ a }", this::parse);
    documents.get("{ c }", this::parse);

    documents.get("{ a }", this::parse);
    documents.get("{ b }", this::parse);

    assertThat(parses).hasValue(4);
    assertThat(documents.size()).isEqualTo(2);
  }

  @Test
  void aCacheOfSizeZeroKeepsNothing() {
    ParsedDocuments documents = new ParsedDocuments(0);

    documents.get("{ a }", this::parse);
    documents.get("{ a }", this::parse);

    assertThat(parses).hasValue(2);
  }
}
