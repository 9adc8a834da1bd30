package dev.payql.adapter.cln.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invoices and payments of the fake Core Lightning, answering commands with the field names,
 * types and error codes of the man pages: lightning-invoice(7), lightning-listinvoices(7),
 * lightning-waitanyinvoice(7), lightning-decode(7), lightning-pay(7), lightning-listpays(7),
 * lightning-listsendpays(7), lightning-getinfo(7). It is a v26 node: decodepay is an unknown command.
 * Shared by the socket and the CLNRest fronts, so both see one node.
 *
 * <p>Outgoing payments: every route costs {@link #ROUTING_FEE_MSAT}; {@code pay} refuses a route
 * dearer than {@code maxfee} (206) before sending anything, answers a completed payment again at
 * once without paying twice, refuses a second payment while one is pending (200), and may pay again
 * after a failure. A payment to a held request stays pending, and its {@code pay} blocks, until the
 * test completes or fails it, as a stuck HTLC keeps {@code pay} waiting past {@code retry_for}.
 */
final class FakeClnLedger {

  static final String NODE_ID = "02" + "5a".repeat(32);
  /** What the fake route charges on top of every payment (lightning-pay(7) amount_sent_msat − amount_msat). */
  static final long ROUTING_FEE_MSAT = 1;
  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Own> byLabel = new LinkedHashMap<>();
  private final Map<String, Own> byHash = new HashMap<>();
  /** Every BOLT11 string the fake can decode: its own invoices and other nodes' (for refunds). */
  private final Map<String, Decodable> decodable = new HashMap<>();
  private final List<String> paidOut = new ArrayList<>();
  /** Every pay attempt (one sendpay group each), in order. */
  private final List<Attempt> attempts = new ArrayList<>();
  private final java.util.Set<String> held = new java.util.HashSet<>();
  private final java.util.Set<String> unknownCommands = new java.util.HashSet<>();
  private final List<JsonNode> payCalls = new ArrayList<>();
  private long lastPayIndex;
  private long lastCreatedIndex;
  private boolean stopped;

  private static final class Own {
    final String label;
    final String description;
    final String hash;
    final String preimage;
    final long amountMsat;
    final String bolt11;
    final long expiresAt;
    final long createdIndex;
    long payIndex;
    long paidAt;

    Own(String label, String description, String hash, String preimage, long amountMsat, String bolt11, long expiresAt,
        long createdIndex) {
      this.label = label;
      this.description = description;
      this.hash = hash;
      this.preimage = preimage;
      this.amountMsat = amountMsat;
      this.bolt11 = bolt11;
      this.expiresAt = expiresAt;
      this.createdIndex = createdIndex;
    }

    String status(long now) {
      return payIndex > 0 ? "paid" : now >= expiresAt ? "expired" : "unpaid";
    }
  }

  private record Decodable(String hash, String preimage, long amountMsat, long createdAt, long expiry, String payee,
      String description) {}

  /** One pay attempt: a sendpay group with one part. */
  private static final class Attempt {
    final String bolt11;
    final Decodable paid;
    final long amountMsat;
    final long groupId;
    final long createdIndex;
    final long createdAt;
    String status = "pending";
    long completedAt;

    Attempt(String bolt11, Decodable paid, long amountMsat, long groupId, long createdIndex, long createdAt) {
      this.bolt11 = bolt11;
      this.paid = paid;
      this.amountMsat = amountMsat;
      this.groupId = groupId;
      this.createdIndex = createdIndex;
      this.createdAt = createdAt;
    }
  }

  /** Runs one command; throws the error object CLN would answer with. */
  JsonNode handle(String method, JsonNode params) throws FakeRpcError, InterruptedException {
    JsonNode p = params == null || params.isNull() ? JSON.objectNode() : params;
    if (!p.isObject()) {
      throw new FakeRpcError(-32602, "the fake takes named parameters only");
    }
    if (isUnknown(method)) {
      throw new FakeRpcError(-32601, "Unknown command '" + method + "'");
    }
    return switch (method) {
      case "invoice" -> invoice(p);
      case "listinvoices" -> listinvoices(p);
      case "waitanyinvoice" -> waitanyinvoice(p);
      case "decode" -> decode(p.path("string").asText(null));
      case "pay" -> pay(p);
      case "listpays" -> listpays(p);
      case "listsendpays" -> listsendpays(p);
      case "getinfo" -> getinfo();
      // decodepay was removed in v26: like any command the node does not know
      default -> throw new FakeRpcError(-32601, "Unknown command '" + method + "'");
    };
  }

  private synchronized JsonNode invoice(JsonNode p) throws FakeRpcError {
    if (!p.path("amount_msat").isIntegralNumber() || p.path("amount_msat").asLong() < 1) {
      throw new FakeRpcError(-32602, "amount_msat: should be a millisatoshi amount: invalid token");
    }
    String label = p.path("label").asText(null);
    String description = p.path("description").asText(null);
    if (label == null || description == null) {
      throw new FakeRpcError(-32602, "missing required parameter: " + (label == null ? "label" : "description"));
    }
    if (byLabel.containsKey(label)) {
      throw new FakeRpcError(900, "Duplicate label '" + label + "'");
    }
    long amount = p.path("amount_msat").asLong();
    long expiry = p.path("expiry").asLong(604_800);
    long now = Instant.now().getEpochSecond();
    byte[] preimage = new byte[32];
    random.nextBytes(preimage);
    String hash = sha256(preimage);
    String bolt11 = bolt11(amount, hash);
    Own own = new Own(label, description, hash, HexFormat.of().formatHex(preimage), amount, bolt11, now + expiry,
        ++lastCreatedIndex);
    byLabel.put(label, own);
    byHash.put(hash, own);
    decodable.put(bolt11, new Decodable(hash, own.preimage, amount, now, expiry, NODE_ID, description));
    ObjectNode result = JSON.objectNode();
    result.put("payment_hash", hash);
    result.put("expires_at", own.expiresAt);
    result.put("bolt11", bolt11);
    result.put("payment_secret", sha256(hash.getBytes()));
    result.put("created_index", own.createdIndex);
    return result;
  }

  private synchronized JsonNode listinvoices(JsonNode p) {
    long now = Instant.now().getEpochSecond();
    ArrayNode invoices = JSON.arrayNode();
    for (Own own : byLabel.values()) {
      boolean wanted = (!p.has("label") || p.path("label").asText().equals(own.label))
          && (!p.has("payment_hash") || p.path("payment_hash").asText().equals(own.hash))
          && (!p.has("invstring") || p.path("invstring").asText().equals(own.bolt11));
      if (wanted) {
        invoices.add(entry(own, now));
      }
    }
    ObjectNode result = JSON.objectNode();
    result.set("invoices", invoices);
    return result;
  }

  private synchronized JsonNode waitanyinvoice(JsonNode p) throws FakeRpcError, InterruptedException {
    long last = p.path("lastpay_index").asLong(0);
    long deadline = p.has("timeout") ? System.nanoTime() + p.path("timeout").asLong() * 1_000_000_000L : Long.MAX_VALUE;
    while (true) {
      if (stopped) {
        throw new InterruptedException("the fake node stopped");
      }
      Own next = null;
      for (Own own : byLabel.values()) {
        if (own.payIndex > last && (next == null || own.payIndex < next.payIndex)) {
          next = own;
        }
      }
      if (next != null) {
        return entry(next, Instant.now().getEpochSecond());
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new FakeRpcError(904, "Timed out");
      }
      wait(Math.max(1, Math.min(remaining / 1_000_000L, 60_000L)));
    }
  }

  private synchronized JsonNode decode(String text) throws FakeRpcError {
    if (text == null) {
      throw new FakeRpcError(-32602, "missing required parameter: string");
    }
    Decodable known = decodable.get(text.toLowerCase());
    if (known == null) {
      throw new FakeRpcError(-32602, "string: Unparsable invoice: Bad bech32 string");
    }
    ObjectNode result = JSON.objectNode();
    result.put("type", "bolt11 invoice");
    result.put("valid", true);
    result.put("currency", "bcrt");
    result.put("created_at", known.createdAt);
    result.put("expiry", known.expiry);
    result.put("payee", known.payee);
    result.put("amount_msat", known.amountMsat);
    result.put("payment_hash", known.hash);
    result.put("signature", "3045022100" + "ab".repeat(32) + "0220" + "cd".repeat(32));
    result.put("description", known.description);
    result.put("min_final_cltv_expiry", 5);
    result.put("payment_secret", sha256(known.hash.getBytes()));
    result.put("features", "02024100");
    return result;
  }

  private synchronized JsonNode pay(JsonNode p) throws FakeRpcError, InterruptedException {
    payCalls.add(p.deepCopy());
    String text = p.path("bolt11").asText("").toLowerCase();
    Decodable known = decodable.get(text);
    if (known == null) {
      throw new FakeRpcError(-32602, "Invalid bolt11: Bad bech32 string");
    }
    if (p.hasNonNull("maxfee") && (p.has("maxfeepercent") || p.has("exemptfee"))) {
      throw new FakeRpcError(-32602, "maxfee: Cannot specify maxfee with maxfeepercent or exemptfee");
    }
    if (p.has("retry_for") && (!p.path("retry_for").canConvertToInt() || p.path("retry_for").asInt() < 0
        || p.path("retry_for").asInt() > 65_535)) {
      throw new FakeRpcError(-32602, "retry_for: should be a 16-bit integer");
    }
    long amount = known.amountMsat;
    if (p.hasNonNull("amount_msat")) {
      if (amount > 0) {
        throw new FakeRpcError(-32602, "amount_msat: msatoshi parameter unnecessary");
      }
      amount = p.path("amount_msat").asLong();
    }
    if (byHash.containsKey(known.hash)) {
      throw new FakeRpcError(-1, "This payment is destined for ourselves. Self-payments are not supported");
    }
    for (Attempt earlier : attemptsFor(known.hash)) {
      if (earlier.status.equals("complete")) {
        return completed(earlier); // "calls to pay with the same bolt11 will succeed immediately"
      }
      if (earlier.status.equals("pending")) {
        throw new FakeRpcError(200, "Payment " + known.hash + " is in progress");
      }
    }
    long now = Instant.now().getEpochSecond();
    if (now >= known.createdAt + known.expiry) {
      throw new FakeRpcError(207, "Invoice expired");
    }
    // pay's defaults without maxfee: maxfeepercent 0.5, exemptfee 5000 msat
    long maxFee = p.hasNonNull("maxfee") ? p.path("maxfee").asLong() : Math.max(amount / 200, 5_000);
    if (ROUTING_FEE_MSAT > maxFee) {
      throw new FakeRpcError(206, "Route wanted fee of " + ROUTING_FEE_MSAT + "msat, more than maxfee " + maxFee + "msat");
    }
    Attempt attempt = new Attempt(text, known, amount, attemptsFor(known.hash).size(), attempts.size() + 1, now);
    attempts.add(attempt);
    if (held.contains(text)) {
      while (attempt.status.equals("pending")) {
        if (stopped) {
          throw new InterruptedException("the fake node stopped");
        }
        wait(1_000);
      }
      if (attempt.status.equals("failed")) {
        throw new FakeRpcError(210, "Payment timed out without a payment in progress");
      }
      return completed(attempt);
    }
    complete(attempt);
    return completed(attempt);
  }

  private void complete(Attempt attempt) {
    attempt.status = "complete";
    attempt.completedAt = Instant.now().getEpochSecond();
    paidOut.add(attempt.bolt11);
  }

  private List<Attempt> attemptsFor(String hash) {
    return attempts.stream().filter(a -> a.paid.hash.equals(hash)).toList();
  }

  /** lightning-pay(7)'s answer for a completed payment. */
  private static ObjectNode completed(Attempt attempt) {
    ObjectNode result = JSON.objectNode();
    result.put("destination", attempt.paid.payee);
    result.put("payment_hash", attempt.paid.hash);
    result.put("created_at", attempt.createdAt);
    result.put("parts", 1);
    result.put("amount_msat", attempt.amountMsat);
    result.put("amount_sent_msat", attempt.amountMsat + ROUTING_FEE_MSAT);
    result.put("payment_preimage", attempt.paid.preimage);
    result.put("status", "complete");
    return result;
  }

  /** lightning-listpays(7): one entry per pay attempt, filtered by payment_hash or bolt11. */
  private synchronized JsonNode listpays(JsonNode p) {
    ArrayNode pays = JSON.arrayNode();
    for (Attempt attempt : selected(p)) {
      ObjectNode entry = pays.addObject();
      entry.put("payment_hash", attempt.paid.hash);
      entry.put("status", attempt.status);
      entry.put("destination", attempt.paid.payee);
      entry.put("created_at", attempt.createdAt);
      entry.put("bolt11", attempt.bolt11);
      entry.put("created_index", attempt.createdIndex);
      entry.put("amount_msat", attempt.amountMsat);
      if (!attempt.status.equals("pending")) {
        entry.put("amount_sent_msat", attempt.amountMsat + ROUTING_FEE_MSAT);
      }
      if (attempt.status.equals("complete")) {
        entry.put("completed_at", attempt.completedAt);
        entry.put("preimage", attempt.paid.preimage);
      }
    }
    ObjectNode result = JSON.objectNode();
    result.set("pays", pays);
    return result;
  }

  /** lightning-listsendpays(7): one entry per part (here one per attempt). */
  private synchronized JsonNode listsendpays(JsonNode p) {
    ArrayNode payments = JSON.arrayNode();
    for (Attempt attempt : selected(p)) {
      ObjectNode entry = payments.addObject();
      entry.put("created_index", attempt.createdIndex);
      entry.put("id", attempt.createdIndex);
      entry.put("payment_hash", attempt.paid.hash);
      entry.put("groupid", attempt.groupId);
      entry.put("status", attempt.status);
      entry.put("amount_msat", attempt.amountMsat);
      entry.put("amount_sent_msat", attempt.amountMsat + ROUTING_FEE_MSAT);
      entry.put("destination", attempt.paid.payee);
      entry.put("created_at", attempt.createdAt);
      entry.put("bolt11", attempt.bolt11);
      if (attempt.status.equals("complete")) {
        entry.put("completed_at", attempt.completedAt);
        entry.put("payment_preimage", attempt.paid.preimage);
      }
    }
    ObjectNode result = JSON.objectNode();
    result.set("payments", payments);
    return result;
  }

  private List<Attempt> selected(JsonNode p) {
    return attempts.stream()
        .filter(a -> !p.has("payment_hash") || p.path("payment_hash").asText().equals(a.paid.hash))
        .filter(a -> !p.has("bolt11") || p.path("bolt11").asText().toLowerCase().equals(a.bolt11))
        .toList();
  }

  private JsonNode getinfo() {
    ObjectNode result = JSON.objectNode();
    result.put("id", NODE_ID);
    result.put("alias", "FAKECLN");
    result.put("color", "025a5a");
    result.put("num_peers", 0);
    result.put("num_pending_channels", 0);
    result.put("num_active_channels", 0);
    result.put("num_inactive_channels", 0);
    ArrayNode address = result.putArray("address");
    address.addObject().put("type", "ipv4").put("address", "203.0.113.7").put("port", 9735);
    address.addObject().put("type", "ipv6").put("address", "2001:db8::7").put("port", 9735);
    ArrayNode binding = result.putArray("binding");
    binding.addObject().put("type", "ipv4").put("address", "0.0.0.0").put("port", 9735);
    result.put("version", "v26.04");
    result.put("blockheight", 110);
    result.put("network", "regtest");
    result.put("fees_collected_msat", 0);
    result.put("lightning-dir", "/home/cln/.lightning/regtest");
    return result;
  }

  private static ObjectNode entry(Own own, long now) {
    ObjectNode entry = JSON.objectNode();
    entry.put("label", own.label);
    entry.put("bolt11", own.bolt11);
    entry.put("payment_hash", own.hash);
    entry.put("amount_msat", own.amountMsat);
    entry.put("status", own.status(now));
    if (own.payIndex > 0) {
      entry.put("pay_index", own.payIndex);
      entry.put("amount_received_msat", own.amountMsat);
      entry.put("paid_at", own.paidAt);
      entry.put("payment_preimage", own.preimage);
    }
    entry.put("description", own.description);
    entry.put("expires_at", own.expiresAt);
    entry.put("created_index", own.createdIndex);
    if (own.payIndex > 0) {
      entry.put("updated_index", own.payIndex);
    }
    return entry;
  }

  // --- test controls -------------------------------------------------------------------------

  /** Settles an own invoice as a buyer's payment would; returns its pay_index. */
  synchronized long settle(String paymentHash) {
    Own own = byHash.get(paymentHash);
    if (own == null) {
      throw new IllegalArgumentException("the fake node issued no invoice with hash " + paymentHash);
    }
    if (own.payIndex == 0) {
      if (Instant.now().getEpochSecond() >= own.expiresAt) {
        throw new IllegalStateException("invoice " + paymentHash + " expired; it cannot be paid");
      }
      own.payIndex = ++lastPayIndex;
      own.paidAt = Instant.now().getEpochSecond();
      notifyAll();
    }
    return own.payIndex;
  }

  synchronized String hashOfLabel(String label) {
    Own own = byLabel.get(label);
    if (own == null) {
      throw new IllegalArgumentException("no invoice under label " + label);
    }
    return own.hash;
  }

  synchronized String hashOfRequest(String bolt11) {
    String text = bolt11.strip().toLowerCase();
    if (text.startsWith("lightning:")) {
      text = text.substring("lightning:".length());
    }
    for (Own own : byLabel.values()) {
      if (own.bolt11.equals(text)) {
        return own.hash;
      }
    }
    throw new IllegalArgumentException("the fake node issued no invoice " + bolt11);
  }

  /** A payment request "from another node" for {@code amountMsat}, which this node can decode and pay. */
  synchronized String foreignInvoice(long amountMsat, long expirySeconds) {
    byte[] preimage = new byte[32];
    random.nextBytes(preimage);
    String hash = sha256(preimage);
    String bolt11 = bolt11(amountMsat, hash);
    decodable.put(bolt11, new Decodable(hash, HexFormat.of().formatHex(preimage), amountMsat,
        Instant.now().getEpochSecond(), expirySeconds, "03" + "7b".repeat(32), "refund"));
    return bolt11;
  }

  synchronized List<String> paidOut() {
    return List.copyOf(paidOut);
  }

  synchronized List<JsonNode> payCalls() {
    return List.copyOf(payCalls);
  }

  synchronized int payAttempts() {
    return attempts.size();
  }

  synchronized void hold(String bolt11) {
    held.add(bolt11.toLowerCase());
  }

  /** Resolves the pending attempt to a held request; its blocked pay answers. */
  synchronized void resolveHeld(String bolt11, boolean paid) {
    String text = bolt11.toLowerCase();
    Attempt pending = attempts.stream().filter(a -> a.bolt11.equals(text) && a.status.equals("pending")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no payment to " + bolt11 + " is pending"));
    held.remove(text);
    if (paid) {
      complete(pending);
    } else {
      pending.status = "failed";
      pending.completedAt = Instant.now().getEpochSecond();
    }
    notifyAll();
  }

  synchronized void forget(String method) {
    unknownCommands.add(method);
  }

  private synchronized boolean isUnknown(String method) {
    return unknownCommands.contains(method);
  }

  synchronized int invoiceCount() {
    return byLabel.size();
  }

  synchronized void stop() {
    stopped = true;
    notifyAll();
  }

  /**
   * A BOLT11-shaped string: "lnbcrt", the amount in pico-bitcoin ("p", 1 msat = 10 p, BOLT11
   * "Human-Readable Part"), the separator "1", then bech32 characters derived from the hash. It is
   * not signed; the fake decodes it from its own table.
   */
  private static String bolt11(long amountMsat, String hash) {
    StringBuilder data = new StringBuilder("pp5");
    byte[] bytes = HexFormat.of().parseHex(hash + sha256(hash.getBytes()));
    for (byte b : bytes) {
      data.append(BECH32.charAt((b & 0xff) % 32)).append(BECH32.charAt(((b & 0xff) >> 3) % 32));
    }
    return "lnbcrt" + (amountMsat * 10) + "p1" + data;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
