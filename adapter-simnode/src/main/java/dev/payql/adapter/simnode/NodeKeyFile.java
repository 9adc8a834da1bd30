package dev.payql.adapter.simnode;

import dev.payql.adapter.simnode.bolt11.NodeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The node's private key in {@code simnode.key}: 64 hex characters, created owner-only on first use
 * and read back on every start, so one data directory is one node across restarts.
 */
final class NodeKeyFile {

  static final String NAME = "simnode.key";

  private static final System.Logger LOG = System.getLogger(NodeKeyFile.class.getName());

  private NodeKeyFile() {}

  static NodeKey loadOrCreate(Path dataDirectory, SecureRandom random) throws IOException {
    Path file = dataDirectory.resolve(NAME);
    if (!Files.exists(file)) {
      NodeKey created = NodeKey.generate(random);
      OwnerOnlyFiles.writeNew(file,
          (HexFormat.of().formatHex(created.privateKeyBytes()) + "\n").getBytes(StandardCharsets.US_ASCII));
      LOG.log(System.Logger.Level.INFO, "created a simulated node key in {0}", file);
      return created;
    }
    warnIfReadableByOthers(file);
    String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      return NodeKey.of(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " does not hold a secp256k1 private key (64 hex characters)", e);
    }
  }

  private static void warnIfReadableByOthers(Path file) throws IOException {
    if (!OwnerOnlyFiles.posix()) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
      LOG.log(System.Logger.Level.WARNING, "{0} is readable by others; chmod 600 it", file);
    }
  }
}
