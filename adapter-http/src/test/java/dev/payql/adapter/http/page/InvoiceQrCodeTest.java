package dev.payql.adapter.http.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.lightning.Bolt11;
import io.nayuki.qrcodegen.QrCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InvoiceQrCodeTest {

  /** The first example of BOLT #11 ("Please make a donation of any amount ..."). */
  static final String BOLT11_EXAMPLE = "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql";

  /** A regtest invoice with an amount, as the simulated node issues them. */
  static final String REGTEST = "lnbcrt2500n1pjq9w7ypp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygsdqqcqzpgxqyz5vq";

  @Test
  void encodesTheInvoiceInUpperCaseSoTheSymbolUsesTheCompactAlphanumericMode() {
    InvoiceQrCode code = InvoiceQrCode.of(BOLT11_EXAMPLE);

    assertThat(code.text()).isEqualTo(BOLT11_EXAMPLE.toUpperCase());
    int byteModeSize = QrCode.encodeText(BOLT11_EXAMPLE, QrCode.Ecc.MEDIUM).size;
    assertThat(code.size()).isLessThan(byteModeSize);
  }

  @Test
  void acceptsAmountsNetworksUpperCaseAndTheLightningScheme() {
    assertThat(InvoiceQrCode.of(REGTEST).text()).startsWith("LNBCRT2500N1");
    assertThat(InvoiceQrCode.of(REGTEST.toUpperCase()).text()).isEqualTo(REGTEST.toUpperCase());
    assertThat(InvoiceQrCode.of("lightning:" + REGTEST).text()).isEqualTo("LIGHTNING:" + REGTEST.toUpperCase());
    assertThat(InvoiceQrCode.of("LIGHTNING:" + REGTEST).text()).isEqualTo("LIGHTNING:" + REGTEST.toUpperCase());
  }

  @Test
  void theSvgDrawsOneSquarePerDarkModuleInsideAFourModuleQuietZone() {
    InvoiceQrCode code = InvoiceQrCode.of(REGTEST);
    String svg = code.svg();

    int side = code.size() + 8;
    assertThat(svg).startsWith("<?xml").contains("<svg").contains("viewBox=\"0 0 " + side + " " + side + "\"");
    int dark = 0;
    for (int y = 0; y < code.size(); y++) {
      for (int x = 0; x < code.size(); x++) {
        if (code.isDark(x, y)) {
          dark++;
          assertThat(svg).contains("M" + (x + 4) + "," + (y + 4) + "h1v1h-1z");
        }
      }
    }
    Matcher squares = Pattern.compile("h1v1h-1z").matcher(svg);
    int drawn = 0;
    while (squares.find()) {
      drawn++;
    }
    assertThat(drawn).isEqualTo(dark).isPositive();
    // the three finder patterns are dark in their corners
    assertThat(code.isDark(0, 0)).isTrue();
    assertThat(code.isDark(code.size() - 1, 0)).isTrue();
    assertThat(code.isDark(0, code.size() - 1)).isTrue();
  }

  @Test
  void refusesTextThatIsNotABolt11PaymentRequest() {
    assertThatThrownBy(() -> InvoiceQrCode.of(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("required");
    assertThatThrownBy(() -> InvoiceQrCode.of("  ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvoiceQrCode.of("hello world")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a BOLT11");
    assertThatThrownBy(() -> InvoiceQrCode.of("https://example.com/lnbc1"))
        .isInstanceOf(IllegalArgumentException.class);
    // 'b', 'i' and 'o' are not bech32 data characters
    assertThatThrownBy(() -> InvoiceQrCode.of("lnbcrt1qqqqqqqqqqqqqb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvoiceQrCode.of("<svg onload=alert(1)>")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMixedCaseBecauseBech32ForbidsIt() {
    String mixed = "lnbcrt2500n1PJQ9w7ypp5zyg3zyg3zyg3zyg3";
    assertThatThrownBy(() -> InvoiceQrCode.of(mixed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixes upper and lower case");
  }

  @Test
  void refusesTextLongerThanAnyInvoice() {
    String tooLong = "lnbcrt1" + "q".repeat(InvoiceQrCode.MAX_LENGTH);
    assertThatThrownBy(() -> InvoiceQrCode.of(tooLong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void aLongInvoiceIsDrawnAndOneBeyondWhatAQrCodeHoldsIsRefusedNotACrash() {
    assertThat(InvoiceQrCode.of("lnbcrt1" + "q".repeat(3_000)).size()).isPositive();
    assertThatThrownBy(() -> InvoiceQrCode.of("lnbcrt1" + "q".repeat(Bolt11.MAX_LENGTH - 7)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long for a QR code");
  }
}
