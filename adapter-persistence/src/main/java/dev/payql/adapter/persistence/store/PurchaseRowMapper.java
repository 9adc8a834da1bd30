package dev.payql.adapter.persistence.store;

import static dev.payql.adapter.persistence.Timestamps.instant;
import static dev.payql.adapter.persistence.Timestamps.optionalInstant;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.Price;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.purchase.Refund;
import dev.payql.domain.purchase.StoredResponse;
import dev.payql.domain.request.RequestFingerprint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** One row of {@code purchases} back into the aggregate; its constructor re-checks every invariant. */
public final class PurchaseRowMapper implements RowMapper<Purchase> {

  @Override
  public Purchase map(ResultSet rs, StatementContext ctx) throws SQLException {
    byte[] body = rs.getBytes("response_body");
    Optional<Instant> replayUntil = optionalInstant(rs, "replay_until");
    Optional<StoredResponse> response = body == null
        ? Optional.empty()
        : Optional.of(new StoredResponse(body, replayUntil.orElseThrow(
            () -> new SQLException("a stored response without replay_until"))));
    return new Purchase(
        new KeyDigest(rs.getString("key_digest")),
        new RequestFingerprint(rs.getString("fingerprint")),
        new PaymentHash(rs.getString("payment_hash")),
        new Bolt11(rs.getString("payment_request")),
        new Price(new Msat(rs.getLong("price_msat")), rs.getBigDecimal("price_usd").stripTrailingZeros()),
        rs.getLong("weight"),
        rs.getBoolean("at_most_once"),
        instant(rs, "created_at"),
        instant(rs, "invoice_expires_at"),
        PurchaseState.valueOf(rs.getString("state")),
        rs.getLong("version"),
        optionalInstant(rs, "paid_at"),
        optionalInstant(rs, "key_expires_at"),
        optionalInstant(rs, "lease_expires_at"),
        rs.getInt("attempts"),
        response,
        refund(rs));
  }

  /** The refund columns, all set or all null (the domain re-checks they fit the state). */
  private static Optional<Refund> refund(ResultSet rs) throws SQLException {
    String hash = rs.getString("refund_payment_hash");
    if (hash == null) {
      return Optional.empty();
    }
    long fee = rs.getLong("refund_fee_msat");
    Optional<Msat> paidFee = rs.wasNull() ? Optional.empty() : Optional.of(new Msat(fee));
    return Optional.of(new Refund(new PaymentHash(hash), new Bolt11(rs.getString("refund_payment_request")),
        new Msat(rs.getLong("refund_amount_msat")), instant(rs, "refund_requested_at"), paidFee));
  }
}
