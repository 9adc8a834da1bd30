package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.ports.out.node.NodeUnavailableException;

/** Reading a JSON-RPC 2.0 response object: its {@code result}, or its {@code error} as an exception. */
final class ClnAnswers {

  private ClnAnswers() {}

  static JsonNode result(String method, JsonNode response) {
    JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      throw rejection(method, error);
    }
    JsonNode result = response.get("result");
    if (result == null || !result.isObject()) {
      throw new NodeUnavailableException("Core Lightning answered " + method + " with neither a result nor an error");
    }
    return result;
  }

  /** An error object {@code {code, message, data?}} as CLN sends it (JSON-RPC 2.0 section 5.1). */
  static ClnRejectedException rejection(String method, JsonNode error) {
    return new ClnRejectedException(method, error.path("code").asInt(-1), error.path("message").asText("(no message)"));
  }
}
