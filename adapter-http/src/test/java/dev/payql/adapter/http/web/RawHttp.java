package dev.payql.adapter.http.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 by hand over a plain socket, for what no well-behaved client sends: broken framing,
 * bodies larger or slower than they claim, control characters. The answer is read until the server
 * closes or the declared body is in; a read that hangs past the guard fails the test.
 */
final class RawHttp {

  /** Only a guard against a server that never answers; no test relies on its length. */
  static final Duration HANG_GUARD = Duration.ofSeconds(60);

  private RawHttp() {}

  record Answer(int status, Map<String, String> headers, String body, boolean closed) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code request} as it is and reads one answer. */
  static Answer exchange(int port, byte[] request) {
    try (Socket socket = connect(port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Answer exchange(int port, String request) {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Sends {@code head}, then writes {@code chunk} over and over, up to {@code maxBytes}, while
   * another thread waits for the answer; stops writing as soon as it arrives or the server closes.
   * Returns the answer and how many body bytes had been written when it came.
   */
  static Streamed stream(int port, String head, byte[] chunk, long maxBytes) {
    try (Socket socket = connect(port)) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      AtomicLong written = new AtomicLong();
      Thread writer = Thread.ofPlatform().daemon().start(() -> {
        try {
          while (written.get() < maxBytes && !Thread.currentThread().isInterrupted()) {
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
          out.flush();
        } catch (IOException closedByServer) {
          // expected: the server stops reading and closes
        }
      });
      Answer answer = read(socket.getInputStream());
      long atAnswer = written.get();
      writer.interrupt();
      socket.close();
      writer.join(HANG_GUARD.toMillis());
      return new Streamed(answer, atAnswer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Streamed(Answer answer, long bytesWrittenWhenAnswered) {}

  /** Sends {@code head}, then one byte of {@code body} per {@code pause}, then reads the answer. */
  static Answer trickle(int port, String head, byte[] body, Duration pause) {
    try (Socket socket = connect(port)) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      try {
        for (byte b : body) {
          Thread.sleep(pause);
          out.write(b);
          out.flush();
        }
      } catch (IOException closedByServer) {
        // the server gave up on us: its answer, if any, is waiting to be read
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(Math.toIntExact(HANG_GUARD.toMillis()));
    return socket;
  }

  /** One HTTP/1.1 answer: status line, headers, then Content-Length bytes or up to the close. */
  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    try {
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (head.size() == 0) {
            return new Answer(0, Map.of(), "", true);
          }
          break;
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not answer within " + HANG_GUARD, e);
    } catch (IOException reset) {
      if (head.size() == 0) {
        return new Answer(0, Map.of(), "", true);
      }
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String length = headers.get("content-length");
    boolean closed = false;
    try {
      if (length != null) {
        byte[] bytes = in.readNBytes(Integer.parseInt(length));
        body.write(bytes);
      } else if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        in.transferTo(body);
        closed = true;
      } else {
        readChunked(in, body);
      }
    } catch (IOException reset) {
      closed = true;
    }
    return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), closed);
  }

  private static void readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
    while (true) {
      StringBuilder size = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          size.append((char) b);
        }
      }
      int n = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
      if (n == 0) {
        in.readNBytes(2);
        return;
      }
      body.write(in.readNBytes(n));
      in.readNBytes(2);
    }
  }
}
