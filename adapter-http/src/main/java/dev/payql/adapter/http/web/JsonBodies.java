package dev.payql.adapter.http.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.payql.domain.request.GraphQLRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads request bodies and writes JSON answers. Numbers are read exactly (BigDecimal, BigInteger) so
 * the request fingerprint sees the value the client wrote, not a double's approximation of it;
 * a duplicate key is refused because two readers could disagree on which value counts.
 */
final class JsonBodies {

  /**
   * Variables nested deeper than this are refused as invalid JSON: no GraphQL input needs it, and
   * it keeps every later walk over the value (fingerprint, coercion) far from its own limits.
   */
  static final int MAX_NESTING_DEPTH = 64;

  static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // keep 1.10 as 1.10: the value as written is what the client paid for
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .build();

  /**
   * Members of the envelope (DESIGN.md 1.2). {@code extensions} (GraphQL over HTTP) is allowed and
   * ignored; any other member is refused, so a misspelt {@code varaibles} is not silently dropped
   * from a request someone pays for.
   */
  private static final Set<String> ENVELOPE_MEMBERS = Set.of("query", "operation", "operationName", "variables",
      "extensions");

  private JsonBodies() {}

  static GraphQLRequest graphQLRequest(byte[] body) {
    JsonNode root = object(body);
    List<String> unknown = new ArrayList<>();
    root.fieldNames().forEachRemaining(name -> {
      if (!ENVELOPE_MEMBERS.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw ProblemException.invalidRequest("unknown member(s) " + unknown
          + "; the body has query, and optionally operation (or operationName) and variables");
    }
    JsonNode query = root.get("query");
    if (query == null || !query.isTextual()) {
      throw ProblemException.invalidRequest("\"query\" is mandatory and must be a string");
    }
    Optional<String> operation = optionalText(root, "operation");
    Optional<String> operationName = optionalText(root, "operationName");
    if (operation.isPresent() && operationName.isPresent() && !operation.equals(operationName)) {
      throw ProblemException.invalidRequest("\"operation\" and \"operationName\" name different operations");
    }
    JsonNode variables = root.get("variables");
    Map<String, Object> values = Map.of();
    if (variables != null && !variables.isNull()) {
      if (!variables.isObject()) {
        throw ProblemException.invalidRequest("\"variables\" must be an object or null");
      }
      values = objectValue(variables);
    }
    try {
      return new GraphQLRequest(query.textValue(), operation.or(() -> operationName), values);
    } catch (IllegalArgumentException noCanonicalForm) {
      // an unpaired surrogate or an absurd number: the request could not be told apart from another
      throw ProblemException.invalidRequest(noCanonicalForm.getMessage());
    }
  }

  /** A member that must be a string, as in {@code {"paymentRequest": "lnbc…"}}. */
  static String requiredText(byte[] body, String member) {
    JsonNode value = object(body).get(member);
    if (value == null || !value.isTextual()) {
      throw ProblemException.invalidRequest("\"" + member + "\" is mandatory and must be a string");
    }
    return value.textValue();
  }

  static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("answers are plain maps and always serialisable", e);
    }
  }

  private static JsonNode object(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      // Jackson's message quotes the body; the location is enough to find the mistake
      throw ProblemException.invalidRequest("the body is not valid JSON" + where(e));
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw ProblemException.invalidRequest("the body must be a JSON object");
    }
    return root;
  }

  private static String where(IOException e) {
    if (e instanceof JsonProcessingException parsing && parsing.getLocation() != null) {
      return " (line " + parsing.getLocation().getLineNr() + ", column " + parsing.getLocation().getColumnNr() + ")";
    }
    return "";
  }

  private static Optional<String> optionalText(JsonNode root, String member) {
    JsonNode value = root.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ProblemException.invalidRequest("\"" + member + "\" must be a string or null");
    }
    return Optional.of(value.textValue());
  }

  private static Map<String, Object> objectValue(JsonNode node) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      map.put(field.getKey(), value(field.getValue()));
    }
    return map;
  }

  private static Object value(JsonNode node) {
    if (node.isObject()) {
      return objectValue(node);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(value(item)));
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    return null;
  }
}
