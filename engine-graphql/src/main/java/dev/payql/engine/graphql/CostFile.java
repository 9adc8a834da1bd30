package dev.payql.engine.graphql;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The operator's cost file ({@code PAYQL_COST_FILE}): weights and list sizes for a schema's fields,
 * in the IBM cost directives' own words, overriding the schema's directives and the defaults. A YAML
 * mapping whose keys are {@code Type.field} (the settings of {@code @cost} and {@code @listSize} on
 * that field) or {@code Type} (the {@code @cost} of an object type):
 * <pre>{@code
 * Query.search:
 *   weight: 5
 *   slicingArguments: [first, last]
 *   assumedSize: 25
 *   requireOneSlicingArgument: false
 * Shop.productsConnection:
 *   slicingArguments: [first]
 *   sizedFields: [edges, nodes]
 * Product:
 *   weight: 2
 * }</pre>
 * {@link #read} checks the file's form and values; {@link SchemaCosts#of(graphql.schema.GraphQLSchema,
 * FieldRules, CostFile)} checks its names against a schema. Either refuses with a
 * {@link CostFileException} that names the file, the line, the entry and the setting.
 */
public final class CostFile {

  /** No file: the schema's directives and the defaults alone. */
  public static final CostFile NONE = new CostFile("(none)", List.of());

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());
  private static final Set<String> FIELD_SETTINGS =
      Set.of("weight", "assumedSize", "slicingArguments", "sizedFields", "requireOneSlicingArgument");
  private static final String NAME = "[_A-Za-z][_0-9A-Za-z]*";

  /** One entry of the file, with the line its key is on. */
  sealed interface Entry {
    String name();

    int line();
  }

  record TypeEntry(String typeName, long weight, int line) implements Entry {
    @Override
    public String name() {
      return typeName;
    }
  }

  record FieldEntry(String typeName, String fieldName, FieldCost cost, int line) implements Entry {
    @Override
    public String name() {
      return typeName + "." + fieldName;
    }
  }

  private final String source;
  private final List<Entry> entries;

  private CostFile(String source, List<Entry> entries) {
    this.source = source;
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws CostFileException when it cannot be read, is not such a mapping, or holds a bad value
   */
  public static CostFile read(Path file) {
    String source = file.toString();
    List<Entry> entries = new ArrayList<>();
    try (JsonParser parser = YAML.createParser(file.toFile())) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new CostFile(source, entries);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new CostFileException(source + " line " + parser.currentTokenLocation().getLineNr()
            + ": the file is a mapping of Type.field or Type to its settings");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int line = parser.currentTokenLocation().getLineNr();
        parser.nextToken();
        JsonNode settings = YAML.readTree(parser);
        entries.add(entry(source, key, line, settings));
      }
    } catch (JsonProcessingException e) {
      throw new CostFileException(source + " line " + e.getLocation().getLineNr() + ": not a YAML mapping of "
          + "entries: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CostFileException("cannot read the cost file " + source + ": " + e.getMessage(), e);
    }
    return new CostFile(source, entries);
  }

  List<Entry> entries() {
    return entries;
  }

  /** A problem with {@code entry}, naming this file and the entry's line. */
  CostFileException problem(Entry entry, String detail) {
    return new CostFileException(where(source, entry.line(), entry.name()) + detail);
  }

  @Override
  public String toString() {
    return "CostFile[" + source + ", " + entries.size() + " entries]";
  }

  private static Entry entry(String source, String key, int line, JsonNode settings) {
    String where = where(source, line, key);
    if (!settings.isObject()) {
      throw new CostFileException(where + "the entry's settings are a mapping, such as 'weight: 5'");
    }
    Set<String> given = new HashSet<>();
    settings.fieldNames().forEachRemaining(given::add);
    if (key.matches(NAME)) {
      if (!given.equals(Set.of("weight"))) {
        throw new CostFileException(where + "a type takes one setting, weight; a field is named Type.field");
      }
      return new TypeEntry(key, weight(where, settings.get("weight")), line);
    }
    if (!key.matches(NAME + "\\." + NAME)) {
      throw new CostFileException(where + "an entry is named Type.field or Type");
    }
    for (String setting : given) {
      if (!FIELD_SETTINGS.contains(setting)) {
        throw new CostFileException(where + "unknown setting " + setting + "; a field takes "
            + String.join(", ", List.of("weight", "assumedSize", "slicingArguments", "sizedFields",
                "requireOneSlicingArgument")));
      }
    }
    if (given.isEmpty()) {
      throw new CostFileException(where + "the entry sets nothing");
    }
    FieldCost cost = new FieldCost(
        settings.has("weight") ? OptionalLong.of(weight(where, settings.get("weight"))) : OptionalLong.empty(),
        settings.has("assumedSize") ? OptionalLong.of(size(where, settings.get("assumedSize"))) : OptionalLong.empty(),
        names(where, settings, "slicingArguments"),
        names(where, settings, "sizedFields"),
        flag(where, settings, "requireOneSlicingArgument"));
    int dot = key.indexOf('.');
    return new FieldEntry(key.substring(0, dot), key.substring(dot + 1), cost, line);
  }

  private static long weight(String where, JsonNode value) {
    try {
      if (value.isNumber() || value.isTextual()) {
        return SchemaCosts.units(new BigDecimal(value.asText().strip()));
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new CostFileException(where + "weight must be a number of 0 or more, not '" + value.asText() + "'");
  }

  private static long size(String where, JsonNode value) {
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw new CostFileException(where + "assumedSize must be a whole number of 0 or more, not '" + value.asText()
          + "'");
    }
    return value.asLong();
  }

  private static Optional<List<String>> names(String where, JsonNode settings, String setting) {
    if (!settings.has(setting)) {
      return Optional.empty();
    }
    JsonNode value = settings.get(setting);
    List<String> names = new ArrayList<>();
    if (value.isArray()) {
      for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
        JsonNode name = it.next();
        if (!name.isTextual() || !name.asText().matches(NAME)) {
          throw new CostFileException(where + setting + " is a list of field or argument names, such as "
              + "[first, last]; '" + name.asText() + "' is none");
        }
        names.add(name.asText());
      }
    }
    if (!value.isArray() || names.isEmpty()) {
      throw new CostFileException(where + setting + " is a non-empty list of names, such as [first, last]");
    }
    return Optional.of(names);
  }

  private static Optional<Boolean> flag(String where, JsonNode settings, String setting) {
    if (!settings.has(setting)) {
      return Optional.empty();
    }
    if (!settings.get(setting).isBoolean()) {
      throw new CostFileException(where + setting + " is true or false, not '" + settings.get(setting).asText()
          + "'");
    }
    return Optional.of(settings.get(setting).asBoolean());
  }

  private static String where(String source, int line, String entry) {
    return Objects.requireNonNull(source) + " line " + line + ", entry " + entry + ": ";
  }
}
