package dev.payql.adapter.persistence.processes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a {@code main} class of this test classpath, so a test can crash a real
 * process: {@link #kill()} is SIGKILL on Unix, with no shutdown hook, no finally block and no flush
 * by the JVM. Its standard output is read line by line as it comes.
 */
public final class ChildJvm implements AutoCloseable {

  private static final String END = "\u0000end of output";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildJvm(Process process) {
    this.process = process;
    Thread.ofPlatform().daemon().name("child-stdout").start(() -> pump(process));
  }

  /** Starts {@code mainClass} with {@code args} on the classpath of this test JVM. */
  public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
    return startUnder(List.of(), mainClass, jvmOptions, args);
  }

  /** The same, with {@code wrapper} before the java command: {@code faketime -f +2h}, say. */
  public static ChildJvm startUnder(List<String> wrapper, Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    return start(mainClass, List.of(), args);
  }

  /** The next line of standard output; empty at its end. Waits at most {@code timeout}, a hang guard. */
  public java.util.Optional<String> nextLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("the child JVM wrote nothing for " + timeout + (process.isAlive() ? "" : "; it exited "
          + process.exitValue()));
    }
    if (line.equals(END)) {
      lines.add(END); // stays the end for every later call
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(line);
  }

  /** SIGKILL, then waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the child JVM outlived SIGKILL for a minute");
    }
  }

  /** Waits for the child to end by itself; answers its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not end within " + timeout);
    }
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  private void pump(Process child) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // the pipe breaks when the child is killed: the end of its output
    } finally {
      lines.add(END);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
