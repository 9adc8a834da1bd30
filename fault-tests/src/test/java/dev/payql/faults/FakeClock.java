package dev.payql.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process clock set apart from the machine's by Debian's libfaketime ({@code LD_PRELOAD}), as the
 * clock of another machine would be. Only the wall clock moves: the monotonic clock, which the JVM
 * uses for sleeps, timed waits and time-outs, is left alone ({@code FAKETIME_DONT_FAKE_MONOTONIC}),
 * since a second machine's monotonic clock has no meaning here and PayQL's leases are wall-clock
 * instants written to the shared store.
 */
record FakeClock(Duration offset, Path library) {

  private static final List<Path> LIBRARY_DIRS = List.of(Path.of("/usr/lib/x86_64-linux-gnu/faketime"),
      Path.of("/usr/lib/aarch64-linux-gnu/faketime"), Path.of("/usr/lib/faketime"), Path.of("/usr/local/lib/faketime"));
  /** The thread-safe variant: the JVM reads the clock from many threads. */
  private static final String LIBRARY = "libfaketimeMT.so.1";

  /** A clock {@code offset} ahead of the machine's (behind when negative); installs libfaketime when missing. */
  static FakeClock offsetBy(Duration offset) {
    return new FakeClock(offset, installedLibrary());
  }

  Map<String, String> environment() {
    long seconds = offset.toSeconds();
    return Map.of(
        "LD_PRELOAD", library.toString(),
        "FAKETIME", (seconds >= 0 ? "+" : "-") + Math.abs(seconds),
        "FAKETIME_DONT_FAKE_MONOTONIC", "1");
  }

  private static synchronized Path installedLibrary() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    if (!Machine.isRoot()) {
      return Machine.cannotRun("libfaketime is not installed and the tests do not run as root;"
          + " install Debian's package: apt-get install faketime");
    }
    // the harness installs what it needs (as root, like CI): Debian's faketime brings libfaketime
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "payql-faketime-install.log");
    // waits for dpkg's lock: another build may be installing at the same moment
    List<String> install = List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", "faketime");
    if (Machine.run(log, install) != 0) {
      Machine.run(log, List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-q"));
      Machine.run(log, install);
    }
    return find().orElseGet(() -> Machine.cannotRun("apt-get install faketime did not install " + LIBRARY + ":\n"
        + Machine.read(log)));
  }

  private static Optional<Path> find() {
    return LIBRARY_DIRS.stream()
        .map(dir -> dir.resolve(LIBRARY))
        .filter(Files::isRegularFile)
        .findFirst()
        .or(() -> {
          try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
            return dirs.map(dir -> dir.resolve("faketime").resolve(LIBRARY)).filter(Files::isRegularFile).findFirst();
          } catch (java.io.IOException e) {
            return Optional.empty();
          }
        });
  }
}
