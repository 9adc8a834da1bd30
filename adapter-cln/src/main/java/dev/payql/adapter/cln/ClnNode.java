package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Core Lightning as PayQL's {@link LightningNode}, over its JSON-RPC 2.0 interface: the
 * {@code lightning-rpc} unix socket on the same host, or CLNRest with a rune.
 *
 * <p>Commands used, with the parameters of their man pages: {@code invoice} (amount_msat, label,
 * description, expiry), {@code listinvoices} (payment_hash or label), {@code waitanyinvoice}
 * (lastpay_index, timeout), {@code decode} (string; {@code decodepay} is gone since v26),
 * {@code pay} (bolt11, maxfee, retry_for), {@code listpays} (payment_hash; {@code listsendpays}
 * where the pay plugin's listpays is not offered) and {@code getinfo}.
 */
public final class ClnNode implements LightningNode, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ClnNode.class.getName());
  private static final int SOCKET_POOL = 4;
  private static final int CREATED_AT_CACHE = 10_000;

  private final ClnRpc rpc;
  private final ClnConfig config;
  private final Set<InvoiceStream> streams = ConcurrentHashMap.newKeySet();
  /** CLN's invoice listing has no creation time; remember it for the invoices issued here. */
  private final Map<PaymentHash, Instant> createdAt = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PaymentHash, Instant> eldest) {
          return size() > CREATED_AT_CACHE;
        }
      });

  /**
   * Connects lazily: nothing is opened until the first call, and every call opens again what a
   * failure closed.
   *
   * @throws IllegalArgumentException when the rune file or CLNRest's certificate cannot be read
   */
  public ClnNode(ClnConfig config) {
    this(config, transportFor(Objects.requireNonNull(config, "config")));
  }

  ClnNode(ClnConfig config, ClnRpc rpc) {
    this.config = config;
    this.rpc = rpc;
  }

  private static ClnRpc transportFor(ClnConfig config) {
    ObjectMapper mapper = new ObjectMapper();
    return switch (config.transport()) {
      case SOCKET -> new UnixSocketRpc(config.socketPath().orElseThrow(), mapper, SOCKET_POOL);
      case REST -> new ClnRestRpc(config.restUrl().orElseThrow(), Rune.readFrom(config.runePath().orElseThrow()),
          PinnedCertificateTrust.sslContext(config.restCertPath().orElseThrow()), mapper, config.callTimeout());
    };
  }

  @Override
  public Invoice createInvoice(InvoiceRequest request) {
    ObjectNode params = params();
    params.put("amount_msat", request.amount().value());
    params.put("label", request.label());
    params.put("description", request.description());
    params.put("expiry", request.expiry().toSeconds());
    try {
      // repeating it is safe: a second invoice with the same label is refused with code 900
      JsonNode issued = call("invoice", params, true);
      PaymentHash hash = PaymentHash.ofHex(issued.path("payment_hash").asText());
      Instant expiresAt = Instant.ofEpochSecond(issued.path("expires_at").asLong());
      // CLN sets expires_at = now + expiry (lightning-invoice(7)), so this is when it made it
      Instant created = expiresAt.minusSeconds(request.expiry().toSeconds());
      createdAt.put(hash, created);
      return Invoice.open(hash, Bolt11.parse(issued.path("bolt11").asText()), request.amount(), created, expiresAt);
    } catch (ClnRejectedException e) {
      if (e.code() == ClnRejectedException.DUPLICATE_LABEL) {
        return issuedBefore(request);
      }
      throw e;
    } catch (IllegalArgumentException e) {
      throw new NodeRejectedException("Core Lightning answered invoice with something PayQL cannot read: "
          + e.getMessage(), e);
    }
  }

  /**
   * The invoice a lost answer left behind: labels are unique per purchase, so an invoice under this
   * label for the same amount and description is the one asked for.
   */
  private Invoice issuedBefore(InvoiceRequest request) {
    ObjectNode params = params();
    params.put("label", request.label());
    ClnInvoice existing = onlyInvoice(call("listinvoices", params, true))
        .orElseThrow(() -> new NodeUnavailableException("Core Lightning reported label " + request.label()
            + " as taken but lists no invoice under it (deleted meanwhile?); try again"));
    boolean same = existing.amount().equals(Optional.of(request.amount()))
        && existing.description().equals(request.description());
    if (!same) {
      throw new NodeRejectedException("Core Lightning already holds a different invoice under label " + request.label()
          + " (" + existing.amount().map(Msat::toString).orElse("any amount") + ", description '"
          + existing.description() + "')");
    }
    LOG.log(Level.DEBUG, "invoice for label {0} existed already; returning it", request.label());
    return toInvoice(existing);
  }

  @Override
  public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    ObjectNode params = params();
    params.put("payment_hash", paymentHash.hex());
    return onlyInvoice(call("listinvoices", params, true)).map(this::toInvoice);
  }

  private Optional<ClnInvoice> onlyInvoice(JsonNode listing) {
    JsonNode invoices = listing.path("invoices");
    if (!invoices.isArray()) {
      throw new NodeRejectedException("Core Lightning answered listinvoices without an invoices array");
    }
    return invoices.isEmpty() ? Optional.empty() : Optional.of(ClnInvoice.parse(invoices.get(0)));
  }

  private Invoice toInvoice(ClnInvoice invoice) {
    Instant created = createdAt.get(invoice.paymentHash());
    if (created == null) {
      // issued before this process started: the invoice itself says when (BOLT11 timestamp)
      created = decoded(Bolt11.parse(invoice.bolt11().orElseThrow(
          () -> new NodeRejectedException("invoice " + invoice.paymentHash() + " is not a BOLT11 invoice"))))
          .createdAt();
      createdAt.put(invoice.paymentHash(), created);
    }
    return invoice.toInvoice(created);
  }

  @Override
  public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
    Objects.requireNonNull(listener, "listener");
    InvoiceStream stream = new InvoiceStream(rpc.dedicated(), afterCursor, listener, config);
    streams.add(stream);
    stream.start();
    return () -> {
      stream.close();
      streams.remove(stream);
    };
  }

  @Override
  public DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    return decoded(paymentRequest).request();
  }

  /**
   * {@code pay} with the order's fee limit as {@code maxfee} (an absolute limit, replacing
   * maxfeepercent and exemptfee) and {@code retry_for} of the configured pay timeout. A call that
   * gets no answer by then plus a call's deadline may still have parts in flight: Pending, and
   * {@link #paymentStatus} finds out later. {@code pay} refuses a second payment while one is in
   * flight (code 200) and answers a completed one at once without paying again; either way the
   * first payment is what is reported.
   */
  @Override
  public PaymentOutcome pay(PaymentOrder order) {
    DecodedPaymentRequest decoded = decode(order.paymentRequest());
    PaymentHash hash = decoded.paymentHash();
    Optional<PaymentOutcome.Failed> refused = decoded.refusalOf(order);
    if (refused.isPresent()) {
      return refused.get();
    }
    ObjectNode params = params();
    params.put("bolt11", order.paymentRequest().text());
    if (decoded.amount().isEmpty()) {
      params.put("amount_msat", order.amount().value());
    }
    params.put("maxfee", order.maxFee().value());
    params.put("retry_for", config.payTimeout().toSeconds());
    JsonNode result;
    try {
      // never repeated automatically: after a lost answer only listpays can tell what happened
      result = rpc.call("pay", params, config.payTimeout().plus(config.callTimeout()), false);
    } catch (NodeAccessDeniedException e) {
      throw e;
    } catch (NodeUnavailableException e) {
      LOG.log(Level.WARNING, "the refund payment {0} may still be in flight: {1}", hash, e.getMessage());
      return new PaymentOutcome.Pending(hash);
    } catch (ClnRejectedException e) {
      return afterRefusedPay(hash, e);
    }
    return switch (result.path("status").asText()) {
      case "complete" -> succeeded(result, hash);
      case "failed" -> new PaymentOutcome.Failed("Core Lightning could not pay the request");
      default -> new PaymentOutcome.Pending(hash); // "pending": parts still in flight
    };
  }

  /**
   * {@code pay} answered with an error. 200: a payment for this hash is in flight, which is
   * reported. A command not offered means the node cannot pay for PayQL at all. Anything else ended
   * the command with no part in flight (lightning-pay(7) ERRORS); the node's payment list still has
   * the last word, in case an earlier payment to this hash exists.
   */
  private PaymentOutcome afterRefusedPay(PaymentHash hash, ClnRejectedException e) {
    if (e.code() == ClnRejectedException.METHOD_NOT_FOUND) {
      throw new NodeAccessDeniedException("Core Lightning does not offer pay (" + e.getMessage() + "): enable its pay"
          + " plugin, or leave refunds off", e);
    }
    try {
      Optional<PaymentOutcome> status = paymentStatus(hash);
      if (e.code() == ClnRejectedException.PAY_IN_PROGRESS) {
        return status.orElse(new PaymentOutcome.Pending(hash));
      }
      return status.filter(s -> !(s instanceof PaymentOutcome.Failed)).orElse(new PaymentOutcome.Failed(e.getMessage()));
    } catch (NodeUnavailableException unknown) {
      return new PaymentOutcome.Pending(hash);
    }
  }

  private static PaymentOutcome succeeded(JsonNode paid, PaymentHash hash) {
    Msat sent = ClnInvoice.msat(paid.path("amount_sent_msat"));
    Msat received = paid.hasNonNull("amount_msat") ? ClnInvoice.msat(paid.path("amount_msat")) : sent;
    Msat fee = sent.isGreaterThan(received) ? Msat.of(sent.value() - received.value()) : Msat.ZERO;
    String paidHash = paid.path("payment_hash").asText("");
    return new PaymentOutcome.Succeeded(paidHash.isEmpty() ? hash : PaymentHash.ofHex(paidHash), received, fee);
  }

  /**
   * {@code listpays payment_hash=…}: one entry per {@code pay} attempt; the payment is complete if
   * one attempt completed, pending if one is still pending, failed if every one failed. Nodes
   * without the pay plugin's listpays are asked {@code listsendpays}, whose entries are the parts,
   * read the same way.
   */
  @Override
  public Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    ObjectNode params = params();
    params.put("payment_hash", paymentHash.hex());
    JsonNode entries;
    try {
      entries = call("listpays", params, true).path("pays");
    } catch (ClnRejectedException e) {
      if (e.code() != ClnRejectedException.METHOD_NOT_FOUND) {
        throw e;
      }
      entries = call("listsendpays", params, true).path("payments");
    }
    if (!entries.isArray()) {
      throw new NodeRejectedException("Core Lightning listed payments without an array of them");
    }
    List<JsonNode> complete = new ArrayList<>();
    boolean pending = false;
    for (JsonNode entry : entries) {
      switch (entry.path("status").asText()) {
        case "complete" -> complete.add(entry);
        case "pending" -> pending = true;
        default -> { } // failed
      }
    }
    if (!complete.isEmpty()) {
      long received = 0;
      long sent = 0;
      for (JsonNode part : complete) {
        sent += ClnInvoice.msat(part.path("amount_sent_msat")).value();
        received += (part.hasNonNull("amount_msat") ? ClnInvoice.msat(part.path("amount_msat"))
            : ClnInvoice.msat(part.path("amount_sent_msat"))).value();
      }
      return Optional.of(new PaymentOutcome.Succeeded(paymentHash, Msat.of(received), Msat.of(Math.max(0, sent - received))));
    }
    if (pending) {
      return Optional.of(new PaymentOutcome.Pending(paymentHash));
    }
    return entries.isEmpty() ? Optional.empty()
        : Optional.of(new PaymentOutcome.Failed("Core Lightning could not pay the request"));
  }

  @Override
  public NodeInfo info() {
    JsonNode info = call("getinfo", params(), true);
    String pubkey = info.path("id").asText();
    String network = switch (info.path("network").asText()) {
      case "bitcoin" -> "mainnet";
      case "testnet4" -> "testnet";
      case "" -> throw new NodeRejectedException("Core Lightning's getinfo names no network");
      default -> info.path("network").asText();
    };
    List<String> uris = new ArrayList<>();
    for (JsonNode address : info.path("address")) {
      uri(pubkey, address).ifPresent(uris::add);
    }
    if (uris.isEmpty()) {
      // no announced address (typical on regtest): where it listens is the best there is
      for (JsonNode binding : info.path("binding")) {
        String host = binding.path("address").asText();
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
          uri(pubkey, binding).ifPresent(uris::add);
        }
      }
    }
    return new NodeInfo("cln", network, pubkey, uris);
  }

  /** {@code pubkey@host:port} for an address entry of getinfo (ipv4, ipv6, torv2, torv3, dns). */
  private static Optional<String> uri(String pubkey, JsonNode address) {
    String type = address.path("type").asText();
    String host = address.path("address").asText();
    if (host.isEmpty() || !address.has("port")) {
      return Optional.empty();
    }
    int port = address.path("port").asInt();
    return switch (type) {
      case "ipv6" -> Optional.of(pubkey + "@[" + host + "]:" + port);
      case "ipv4", "torv2", "torv3", "dns" -> Optional.of(pubkey + "@" + host + ":" + port);
      default -> Optional.empty(); // a local socket binding cannot be dialled by a peer
    };
  }

  @Override
  public void close() {
    streams.forEach(InvoiceStream::close);
    streams.clear();
    rpc.close();
  }

  private record Decoded(DecodedPaymentRequest request, Instant createdAt) {}

  /**
   * lightning-decode(7): {@code decode string=…} answers {@code type} "bolt11 invoice", {@code valid}
   * and the fields. decodepay, its older single-purpose form, was removed in v26; a node without
   * decode (older than v23.05, or a rune without it) cannot check refund invoices for PayQL.
   */
  private Decoded decoded(Bolt11 paymentRequest) {
    ObjectNode params = params();
    params.put("string", paymentRequest.text());
    JsonNode result;
    try {
      result = call("decode", params, true);
    } catch (ClnRejectedException e) {
      if (e.code() == ClnRejectedException.METHOD_NOT_FOUND) {
        throw new NodeAccessDeniedException("Core Lightning does not offer decode (" + e.getMessage() + "): PayQL"
            + " needs Core Lightning v23.05 or later", e);
      }
      throw e;
    }
    String type = result.path("type").asText();
    if (!type.equals("bolt11 invoice")) {
      throw new NodeRejectedException("not a BOLT11 invoice but a " + (type.isEmpty() ? "string of unknown kind" : type));
    }
    if (!result.path("valid").asBoolean(false)) {
      throw new NodeRejectedException("the node found the payment request invalid");
    }
    try {
      Instant created = Instant.ofEpochSecond(result.path("created_at").asLong());
      Duration expiry = Duration.ofSeconds(result.path("expiry").asLong(3600)); // BOLT11 'x' default
      Optional<Msat> amount = Optional.ofNullable(result.get("amount_msat")).filter(n -> !n.isNull()).map(ClnInvoice::msat);
      return new Decoded(new DecodedPaymentRequest(PaymentHash.ofHex(result.path("payment_hash").asText()), amount,
          created.plus(expiry), result.path("payee").asText()), created);
    } catch (IllegalArgumentException e) {
      throw new NodeRejectedException("Core Lightning decoded the payment request into something PayQL cannot read: "
          + e.getMessage(), e);
    }
  }

  private JsonNode call(String method, ObjectNode params, boolean repeatable) {
    return rpc.call(method, params, config.callTimeout(), repeatable);
  }

  private static ObjectNode params() {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
  }

  @Override
  public String toString() {
    return "ClnNode[" + config.transport().name().toLowerCase(java.util.Locale.ROOT) + " " + config.endpoint() + "]";
  }
}
