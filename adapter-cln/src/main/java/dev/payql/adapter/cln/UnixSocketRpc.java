package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * JSON-RPC over Core Lightning's {@code lightning-rpc} unix socket. Requests are not pipelined: a
 * connection carries one request at a time, and a small pool of kept-open connections serves
 * concurrent callers. A connection that failed or timed out is thrown away, so a late answer can
 * never be taken for the next request's.
 */
final class UnixSocketRpc implements ClnRpc {

  private final Path socketPath;
  private final ObjectMapper mapper;
  private final int poolSize;
  private final LinkedBlockingDeque<SocketConnection> idle = new LinkedBlockingDeque<>();
  private final Set<SocketConnection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  UnixSocketRpc(Path socketPath, ObjectMapper mapper, int poolSize) {
    this.socketPath = socketPath;
    this.mapper = mapper;
    this.poolSize = poolSize;
  }

  @Override
  public JsonNode call(String method, ObjectNode params, Duration deadline, boolean retryOnStaleConnection) {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    SocketConnection connection = idle.pollFirst();
    if (connection == null) {
      connection = connect();
    }
    while (true) {
      try {
        JsonNode response = connection.exchange(method, params, deadlineNanos);
        release(connection);
        return ClnAnswers.result(method, response);
      } catch (SocketTimeoutException e) {
        discard(connection);
        throw new NodeUnavailableException(
            "Core Lightning did not answer " + method + " within " + deadline.toMillis() + " ms on " + socketPath);
      } catch (IOException e) {
        discard(connection);
        if (closed) {
          throw new NodeUnavailableException("the connection to Core Lightning at " + socketPath + " was closed");
        }
        // a kept-open connection the node dropped while idle (it restarted): the request never
        // reached it, so one more try on a new connection is safe for repeatable commands
        if (retryOnStaleConnection && connection.wasUsed() && !connection.answerStarted()) {
          retryOnStaleConnection = false;
          connection = connect();
          continue;
        }
        throw new NodeUnavailableException("lost the connection to Core Lightning at " + socketPath + " during "
            + method + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public ClnRpc dedicated() {
    return new UnixSocketRpc(socketPath, mapper, 1);
  }

  @Override
  public void close() {
    closed = true;
    open.forEach(SocketConnection::close);
    open.clear();
    idle.clear();
  }

  private SocketConnection connect() {
    if (closed) {
      throw new NodeUnavailableException("the Core Lightning client for " + socketPath + " is closed");
    }
    if (!Files.exists(socketPath, LinkOption.NOFOLLOW_LINKS) && !Files.exists(socketPath)) {
      throw new NodeUnavailableException("no Core Lightning socket at " + socketPath
          + ": is lightningd running, and is this its lightning-rpc file (<lightning-dir>/<network>/lightning-rpc)?");
    }
    try {
      SocketConnection connection = SocketConnection.open(socketPath, mapper);
      open.add(connection);
      if (closed) {
        connection.close();
        throw new NodeUnavailableException("the Core Lightning client for " + socketPath + " is closed");
      }
      return connection;
    } catch (SocketException e) {
      String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (reason.contains("permission denied") || reason.contains("access denied")) {
        throw new NodeAccessDeniedException(permissionProblem(), e);
      }
      if (reason.contains("refused")) {
        throw new NodeUnavailableException(socketPath + " exists but nothing listens on it: lightningd is not running"
            + " (the file is left over) or is starting up", e);
      }
      throw new NodeUnavailableException("cannot connect to Core Lightning at " + socketPath + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new NodeUnavailableException("cannot connect to Core Lightning at " + socketPath + ": " + e.getMessage(), e);
    }
  }

  /** Says who owns the socket, since the fix is running PayQL as that user or in its group. */
  private String permissionProblem() {
    String owner = "its owner";
    String mode = "";
    try {
      PosixFileAttributes attributes = Files.readAttributes(socketPath, PosixFileAttributes.class);
      owner = "user '" + attributes.owner().getName() + "' (group '" + attributes.group().getName() + "')";
      mode = ", mode " + PosixFilePermissions.toString(attributes.permissions());
    } catch (IOException | UnsupportedOperationException ignored) {
      // the generic advice below still holds
    }
    return "permission denied on the Core Lightning socket " + socketPath + " (owned by " + owner + mode
        + "): run PayQL as " + owner + ", or start lightningd with rpc-file-mode=0660 and add PayQL's user to its group";
  }

  private void release(SocketConnection connection) {
    if (closed || idle.size() >= poolSize) {
      discard(connection);
    } else {
      idle.offerFirst(connection);
      if (closed) {
        discard(connection);
      }
    }
  }

  private void discard(SocketConnection connection) {
    open.remove(connection);
    idle.remove(connection);
    connection.close();
  }
}
