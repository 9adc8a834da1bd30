package dev.payql.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacaroonTest {

  @TempDir
  Path directory;

  @Test
  void itsTextNeverShowsTheSecret() throws Exception {
    byte[] secret = HexFormat.of().parseHex("0201036c6e64" + "cd".repeat(30));
    Macaroon macaroon = Macaroon.read(Files.write(directory.resolve("admin.macaroon"), secret));

    assertThat(macaroon.toString()).doesNotContain(HexFormat.of().formatHex(secret)).contains("redacted");
  }

  @Test
  void anEmptyFileIsAClearError() throws Exception {
    Path empty = Files.write(directory.resolve("empty.macaroon"), new byte[0]);

    assertThatThrownBy(() -> Macaroon.read(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
