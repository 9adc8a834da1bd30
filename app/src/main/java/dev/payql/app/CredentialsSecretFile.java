package dev.payql.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The credentials secret of an instance whose operator set none and whose store is its own H2 file:
 * made once, kept beside the database in {@code credentials.secret}, readable by its owner only, so
 * a copy of the database without it mints nothing (ADR 0028).
 */
final class CredentialsSecretFile {

  static final String NAME = "credentials.secret";

  private CredentialsSecretFile() {}

  static byte[] readOrCreate(Path dataDir, SecureRandom random) {
    Path file = dataDir.resolve(NAME);
    try {
      if (!Files.exists(file)) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        create(file, HexFormat.of().formatHex(secret));
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (text.length() < 32) {
        throw new IllegalStateException(file + " holds no credentials secret; remove it to have a new one made "
            + "(credentials issued before stop working)");
      }
      return text.getBytes(StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file, String secret) throws IOException {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      // another start made it first: that one is read
    }
  }
}
