package dev.payql.adapter.http.web;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.NanoTime;

/**
 * HTTP/1.1 connections whose request head must arrive within the read deadline of its first byte.
 * Jetty's idle timeout alone lets a client keep a connection forever by sending one byte now and
 * then (slowloris); the head's size limit bounds memory but not time. The body's share of the same
 * deadline is enforced where it is read ({@link RequestBodies}), from the same first byte
 * ({@code Request.getBeginNanoTime()}). And a refused body is not drained past {@link #DRAIN_LIMIT}.
 *
 * <p>It also answers what the parser refuses with a 4xx: Jetty says 505 for an unknown HTTP
 * version, a server status for the client's mistake; PayQL's contract keeps 5xx for its own
 * failures (DESIGN.md 1.4), so that one is a 400 {@code http_version_not_supported}.
 */
final class DeadlineConnectionFactory extends HttpConnectionFactory {

  /**
   * After an answer that closes the connection (a refused body), Jetty keeps reading, and
   * discarding, until the client stops, so the answer is not lost to a TCP reset. This much is
   * enough for a client to see the answer; past it the connection is closed hard.
   */
  static final int DRAIN_LIMIT = 256 * 1024;

  private final long deadlineNanos;
  private final Duration deadline;

  DeadlineConnectionFactory(HttpConfiguration configuration, Duration deadline) {
    super(configuration);
    this.deadline = deadline;
    this.deadlineNanos = deadline.toNanos();
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection = new DeadlineConnection(getHttpConfiguration(), connector, endPoint,
        isRecordHttpComplianceViolations());
    connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
    connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
    return configure(connection, connector, endPoint);
  }

  /**
   * Inner, not nested: Jetty makes the parser in its constructor, and the parser needs the deadline
   * (the factory's) and the endpoint (this connection's) already.
   */
  private final class DeadlineConnection extends HttpConnection {

    DeadlineConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint,
        boolean recordComplianceViolations) {
      super(configuration, connector, endPoint, recordComplianceViolations);
    }

    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
      HttpParser parser = new DeadlineParser(newRequestHandler(), getHttpConfiguration().getRequestHeaderSize(),
          compliance);
      parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
      parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
      return parser;
    }

    private final class DeadlineParser extends HttpParser {

      private long drained;

      DeadlineParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
        super(handler, maxHeaderBytes, compliance);
      }

      @Override
      public boolean parseNext(ByteBuffer buffer) {
        if (isTerminated()) {
          drained += buffer.remaining();
          if (drained > DRAIN_LIMIT) {
            getEndPoint().close();
          }
        } else if (inHeaderState() && !isStart() && NanoTime.since(getBeginNanoTime()) > deadlineNanos) {
          BufferUtil.clear(buffer);
          badMessage(new BadMessageException(HttpStatus.REQUEST_TIMEOUT_408,
              "the request head did not arrive within " + deadline.toSeconds() + " s"));
          return false;
        }
        return super.parseNext(buffer);
      }

      @Override
      protected void badMessage(BadMessageException failure) {
        if (failure.getCode() == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
          super.badMessage(new BadMessageException(HttpStatus.BAD_REQUEST_400,
              ProtocolProblems.VERSION_REASON_PREFIX + failure.getReason(), failure));
        } else {
          super.badMessage(failure);
        }
      }
    }
  }
}
