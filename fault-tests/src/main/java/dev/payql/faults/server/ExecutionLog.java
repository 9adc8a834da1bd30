package dev.payql.faults.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The PayQL process's own account of its executions, one line each, appended to a file outside
 * the data directory so that it survives kill -9 and a full data disk:
 * <pre>
 * start PID EPOCH_MILLIS          the process started; its clock read this
 * begin PID EXECUTION FINGERPRINT an execution of that request began
 * done PID EXECUTION FINGERPRINT completed|failed
 * </pre>
 * Each line is one {@code write} on a file opened for appending, so lines of several processes
 * sharing the file never interleave, and a line written before a SIGKILL is in the page cache,
 * which the kill does not touch (no fsync: the faults tested are process crashes, not power loss).
 */
final class ExecutionLog implements AutoCloseable {

  private final FileChannel file;
  private final long pid = ProcessHandle.current().pid();

  private ExecutionLog(FileChannel file) {
    this.file = file;
  }

  static ExecutionLog open(Path path) {
    try {
      return new ExecutionLog(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the execution log " + path, e);
    }
  }

  long pid() {
    return pid;
  }

  void started(Instant now) {
    append("start " + pid + " " + now.toEpochMilli());
  }

  void began(String execution, String fingerprint) {
    append("begin " + pid + " " + execution + " " + fingerprint);
  }

  void finished(String execution, String fingerprint, boolean completed) {
    append("done " + pid + " " + execution + " " + fingerprint + " " + (completed ? "completed" : "failed"));
  }

  private synchronized void append(String line) {
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
    try {
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
    } catch (IOException e) {
      // an execution that cannot be accounted for must not be served: the harness would miss it
      throw new UncheckedIOException("cannot write the execution log", e);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
