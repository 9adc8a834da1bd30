package dev.payql.adapter.cln;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to {@code lightning-rpc}, used by one caller at a time. Core Lightning frames
 * JSON-RPC messages by nothing but JSON itself: objects follow each other on the stream with no
 * length prefix or delimiter (doc/developers-guide/app-development/json-rpc.md), so answers are read
 * by parsing one complete JSON value at a time.
 *
 * <p>Unix-domain channels have no socket read timeout, so the channel runs non-blocking under a
 * selector and every read and write waits at most until the caller's deadline.
 */
final class SocketConnection implements AutoCloseable {

  private static final AtomicLong IDS = new AtomicLong();

  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final ObjectMapper mapper;
  private final ChannelInput input = new ChannelInput();
  /** Made at the first answer: Jackson reads ahead to detect the encoding, which needs a deadline. */
  private JsonParser parser;
  private long deadlineNanos;
  private int exchanges;

  private SocketConnection(SocketChannel channel, ObjectMapper mapper) throws IOException {
    this.channel = channel;
    this.mapper = mapper;
    channel.configureBlocking(false);
    this.selector = Selector.open();
    this.key = channel.register(selector, 0);
  }

  /** Connects; a unix-domain connect either succeeds or fails at once, it never waits for a peer. */
  static SocketConnection open(Path path, ObjectMapper mapper) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
      return new SocketConnection(channel, mapper);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Whether an earlier exchange completed here, so a failure may mean the node dropped it while idle. */
  boolean wasUsed() {
    return exchanges > 0;
  }

  /** Whether any byte of the answer to the current request arrived. */
  boolean answerStarted() {
    return input.sinceRequest > 0;
  }

  /** Sends one request and returns the whole response object (result or error) with its id. */
  JsonNode exchange(String method, ObjectNode params, long deadlineNanos) throws IOException {
    this.deadlineNanos = deadlineNanos;
    String id = "payql:" + method + "#" + IDS.incrementAndGet();
    ObjectNode request = mapper.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    request.set("params", params);
    input.sinceRequest = 0;
    write(mapper.writeValueAsBytes(request));
    if (parser == null) {
      parser = mapper.getFactory().createParser(input);
    }
    while (true) {
      if (parser.nextToken() == null) {
        throw new EOFException("Core Lightning closed the connection before answering " + method);
      }
      JsonNode message = mapper.readTree(parser);
      // anything without our id (a notification, a late answer) is not the answer to this request
      if (message != null && message.path("id").asText("").equals(id)) {
        exchanges++;
        return message;
      }
    }
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    while (out.hasRemaining()) {
      if (channel.write(out) == 0) {
        awaitReady(SelectionKey.OP_WRITE);
      }
    }
  }

  private void awaitReady(int operation) throws IOException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    try {
      key.interestOps(operation);
      selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
      selector.selectedKeys().clear();
    } catch (ClosedSelectorException | java.nio.channels.CancelledKeyException e) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public void close() {
    try {
      selector.close(); // wakes a thread waiting in select
    } catch (IOException ignored) {
      // closing: nothing left to do with it
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing left to do with it
    }
  }

  /** The channel as a stream for Jackson, honouring the current deadline. */
  private final class ChannelInput extends InputStream {

    long sinceRequest;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
      while (true) {
        int n = channel.read(buffer);
        if (n != 0) {
          sinceRequest += Math.max(n, 0);
          return n;
        }
        awaitReady(SelectionKey.OP_READ);
      }
    }
  }
}
