package dev.payql.adapter.cln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.cln.fake.FakeClnRest;
import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.PaymentOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLNRest specifics: the rune, the pinned certificate, and what never shows in messages. */
class ClnRestTransportTest {

  private static final String RUNE = "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1ydW5lLWF0LWFsbA==";

  @TempDir
  static Path dir;

  private static FakeCoreLightning cln;
  private static FakeClnRest rest;

  @BeforeAll
  static void startFake() {
    cln = FakeCoreLightning.start(dir);
    rest = cln.startRest(RUNE);
  }

  @AfterAll
  static void stopFake() {
    cln.stop();
  }

  @Test
  void aWrongRuneIsAPermanentRefusalWithAHintAndWithoutTheRune() throws Exception {
    String wrong = "d3JvbmctcnVuZS1mb3ItdGVzdHMtb25seS1kby1ub3QtdXNl";
    Path wrongFile = Files.writeString(dir.resolve("wrong.rune"), wrong);
    ClnConfig config = TestClnConfigs.quick(ClnConfig.rest(rest.url(), wrongFile, rest.certificate()));

    try (ClnNode node = new ClnNode(config)) {
      assertThatThrownBy(() -> node.createInvoice(
          new InvoiceRequest(Msat.ofSat(1), "x", Duration.ofMinutes(1), "wrong-rune")))
          .isInstanceOf(NodeAccessDeniedException.class)
          .hasMessageContaining("refused the rune")
          .hasMessageContaining("PAYQL_CLN_RUNE")
          .hasMessageNotContaining(wrong);
      assertThat(node.toString()).doesNotContain(wrong);
    }
    assertThat(cln.invoiceCount()).isZero();
  }

  @Test
  void theRightRuneIsNeverPrinted() {
    try (ClnNode node = new ClnNode(TestClnConfigs.rest(rest))) {
      assertThat(node.info().backend()).isEqualTo("cln");
      assertThat(node.toString()).contains(rest.url().toString()).doesNotContain(RUNE);
    }
    assertThat(Rune.of(RUNE).toString()).doesNotContain(RUNE);
  }

  @Test
  void aServerCertificateOtherThanThePinnedOneIsRefused() throws Exception {
    // a different self-signed certificate: a second fake's, made in another directory
    Path otherDir = Files.createDirectories(dir.resolve("other"));
    try (FakeCoreLightning other = FakeCoreLightning.start(otherDir)) {
      Path otherCertificate = other.startRest(RUNE).certificate();
      ClnConfig config = TestClnConfigs.quick(ClnConfig.rest(rest.url(), rest.runeFile(), otherCertificate));
      try (ClnNode node = new ClnNode(config)) {
        assertThatThrownBy(node::info)
            .isInstanceOf(NodeAccessDeniedException.class)
            .hasMessageContaining("TLS")
            .hasMessageContaining("PAYQL_CLN_REST_CERT");
      }
    }
  }

  @Test
  void aRuneRestrictedToTheSellingCommandsDecodesButMayNotPayAndNothingIsSent() {
    Path restricted = rest.addRestrictedRune("cmVzdHJpY3RlZC1ydW5lLWZvci10ZXN0cy1vbmx5",
        Set.of("invoice", "listinvoices", "waitanyinvoice", "getinfo", "decode"));
    ClnConfig config = TestClnConfigs.quick(ClnConfig.rest(rest.url(), restricted, rest.certificate()));
    Bolt11 refund = Bolt11.parse(cln.foreignInvoice(Msat.ofSat(1)));
    int attemptsBefore = cln.payAttempts();

    try (ClnNode node = new ClnNode(config)) {
      assertThat(node.decode(refund).amount()).contains(Msat.ofSat(1));
      assertThatThrownBy(() -> node.pay(new PaymentOrder(refund, Msat.ofSat(1), Msat.ofSat(1))))
          .isInstanceOf(NodeAccessDeniedException.class)
          .hasMessageContaining("allows pay")
          .hasMessageContaining("Not permitted");
    }
    assertThat(cln.payAttempts()).isEqualTo(attemptsBefore);
  }

  @Test
  void aRuneFileMayHoldCreaterunesJsonOutput() throws Exception {
    Path json = Files.writeString(dir.resolve("createrune.json"),
        "{\n   \"rune\": \"" + RUNE + "\",\n   \"unique_id\": \"3\"\n}\n");

    assertThat(Rune.readFrom(json)).isEqualTo(Rune.of(RUNE));
  }
}
