package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.ports.out.node.NodeUnavailableException;
import java.time.Duration;

/**
 * One way of sending Core Lightning a JSON-RPC command with named parameters: its unix socket or
 * CLNRest. The same commands and answers travel over both.
 */
sealed interface ClnRpc extends AutoCloseable permits UnixSocketRpc, ClnRestRpc {

  /**
   * Runs {@code method} and returns its {@code result}, or throws {@link ClnRejectedException} for
   * an error object and {@link NodeUnavailableException} when no answer came within
   * {@code deadline}.
   *
   * @param retryOnStaleConnection whether the call may be sent again on a new connection when a
   *     kept-open one turns out to be dead before any answer arrived; only for commands that are
   *     safe to repeat
   */
  JsonNode call(String method, ObjectNode params, Duration deadline, boolean retryOnStaleConnection);

  /**
   * A transport of its own for one long-blocking caller ({@code waitanyinvoice}), so it never holds
   * up the others. Closing it aborts a call in progress.
   */
  ClnRpc dedicated();

  @Override
  void close();
}
