package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fr.acinq.lightning.payment.Bolt11Invoice;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invoices PayQL hands out decode with an independent BOLT11 decoder (ACINQ's lightning-kmp),
 * and say what the answer around them says: the amount is {@code value}, the hash is
 * {@code paymentHash}, the payee is the node of {@code GET /api/node}.
 */
class InvoicesDecodeIndependentlyEndToEndTest {

  @TempDir
  Path dataDir;

  @Test
  void anInvoiceSaysWhatTheAnswerAroundItSays() {
    try (PayqlTestInstance payql = PayqlTestInstance.start(dataDir, Map.of("PAYQL_PRICE_MSAT_PER_UNIT", "1234"))) {
      Buyer buyer = payql.buyer();
      JsonNode invoice = buyer.invoice(Buyer.body("{ exchanges { exchangeSymbol country } }"));
      JsonNode node = Buyer.parse(buyer.get("/api/node", Map.of()));

      Bolt11Invoice decoded = Bolt11Invoice.Companion.read(invoice.get("paymentRequest").asText()).get();

      assertThat(decoded.getAmount().getMsat()).isEqualTo(invoice.get("value").asLong());
      assertThat(decoded.getPaymentHash().toHex()).isEqualTo(invoice.get("paymentHash").asText());
      assertThat(decoded.getNodeId().toHex()).isEqualTo(node.get("pubkey").asText());
      assertThat(invoice.get("value").asLong() % 1234).isZero();
    }
  }
}
