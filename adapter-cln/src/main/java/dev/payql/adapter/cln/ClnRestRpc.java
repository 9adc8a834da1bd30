package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The same commands through CLNRest: {@code POST /v1/<method>} with the parameters as a JSON
 * object and the rune in the {@code Rune} header. CLNRest answers 201 with the bare result, 500
 * with the JSON-RPC error object, 404 for an unknown method, and 401/403 when the rune is missing,
 * invalid or does not allow the call (plugins/rest-plugin, handlers.rs and shared.rs): a refusal
 * of PayQL itself, {@link NodeAccessDeniedException}, as is a certificate that is not the pinned one.
 */
final class ClnRestRpc implements ClnRpc {

  private final URI baseUrl;
  private final Rune rune;
  private final SSLContext tls;
  private final ObjectMapper mapper;
  private final Duration connectTimeout;
  private final HttpClient http;

  ClnRestRpc(URI baseUrl, Rune rune, SSLContext tls, ObjectMapper mapper, Duration connectTimeout) {
    this.baseUrl = baseUrl;
    this.rune = rune;
    this.tls = tls;
    this.mapper = mapper;
    this.connectTimeout = connectTimeout;
    this.http = HttpClient.newBuilder()
        .sslContext(tls)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public JsonNode call(String method, ObjectNode params, Duration deadline, boolean retryOnStaleConnection) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(endpoint(method))
          .timeout(deadline)
          .header("Rune", rune.reveal())
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(params)))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("parameters of " + method + " cannot be written as JSON", e);
    }
    HttpResponse<byte[]> response = send(method, request, deadline, retryOnStaleConnection);
    return read(method, response);
  }

  private HttpResponse<byte[]> send(String method, HttpRequest request, Duration deadline, boolean mayRetry) {
    while (true) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpTimeoutException e) {
        throw new NodeUnavailableException("CLNRest at " + baseUrl + " did not answer " + method + " within "
            + deadline.toMillis() + " ms", e);
      } catch (ConnectException e) {
        throw new NodeUnavailableException("cannot connect to CLNRest at " + baseUrl + ": " + e.getMessage(), e);
      } catch (SSLHandshakeException e) {
        // a certificate that is not the pinned one: waiting will not help
        throw new NodeAccessDeniedException("TLS with CLNRest at " + baseUrl + " failed: set PAYQL_CLN_REST_CERT to"
            + " the node's CA certificate (ca.pem in its clnrest certificate directory): " + e.getMessage(), e);
      } catch (SSLException e) {
        throw new NodeUnavailableException("TLS with CLNRest at " + baseUrl + " failed: " + e.getMessage(), e);
      } catch (IOException e) {
        // an HTTP/1.1 connection the server closed while idle fails before the request is read
        if (mayRetry) {
          mayRetry = false;
          continue;
        }
        throw new NodeUnavailableException("lost the connection to CLNRest at " + baseUrl + " during " + method + ": "
            + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NodeUnavailableException("interrupted while waiting for CLNRest to answer " + method, e);
      }
    }
  }

  private JsonNode read(String method, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    JsonNode body;
    try {
      body = response.body().length == 0 ? mapper.createObjectNode() : mapper.readTree(response.body());
    } catch (IOException e) {
      throw new NodeUnavailableException("CLNRest answered " + method + " with HTTP " + status + " and no JSON body");
    }
    if (status == 200 || status == 201) {
      if (!body.isObject()) {
        throw new NodeUnavailableException("CLNRest answered " + method + " with a non-object result");
      }
      return body;
    }
    String nodeMessage = body.path("message").asText("");
    if (status == 401 || status == 403) {
      // the node cannot be used as configured until the operator gives PayQL another rune
      throw new NodeAccessDeniedException("CLNRest at " + baseUrl + " refused the rune for " + method + " (HTTP "
          + status + (body.has("code") ? ", code " + body.path("code").asInt() : "") + ": " + nodeMessage
          + "): check PAYQL_CLN_RUNE and that the rune allows " + method + " (docs/backends/cln.md lists the"
          + " restrictions)");
    }
    if ((status == 404 || status == 500) && body.hasNonNull("code")) {
      throw ClnAnswers.rejection(method, body);
    }
    throw new NodeUnavailableException("CLNRest at " + baseUrl + " answered " + method + " with HTTP " + status
        + (nodeMessage.isEmpty() ? "" : ": " + nodeMessage));
  }

  private URI endpoint(String method) {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "v1/" + method);
  }

  @Override
  public ClnRpc dedicated() {
    return new ClnRestRpc(baseUrl, rune, tls, mapper, connectTimeout);
  }

  @Override
  public void close() {
    http.shutdownNow(); // aborts a waitanyinvoice in flight
  }

  @Override
  public String toString() {
    return "ClnRestRpc[" + baseUrl + "]";
  }
}
