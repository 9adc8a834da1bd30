package dev.payql.adapter.cln.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNodeContract.PaymentsInFlight;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Core Lightning stand-in for tests: a real JSON-RPC 2.0 server on a unix socket named
 * {@code lightning-rpc}, framing messages as lightningd does (JSON objects back to back), with an
 * in-memory ledger that answers {@code invoice}, {@code listinvoices}, {@code waitanyinvoice},
 * {@code decode}, {@code pay}, {@code listpays}, {@code listsendpays} and {@code getinfo} as the man
 * pages document (a v26 node: {@code decodepay} is unknown).
 * {@link #startRest(String)} adds CLNRest over HTTPS on the same ledger.
 *
 * <pre>{@code
 * try (FakeCoreLightning cln = FakeCoreLightning.start(tempDir)) {
 *   LightningNode node = new ClnNode(ClnConfig.socket(cln.socketPath()));
 *   Invoice invoice = node.createInvoice(...);
 *   cln.pay(invoice.paymentHash());            // a buyer pays
 * }
 * }</pre>
 */
public final class FakeCoreLightning implements AutoCloseable {

  /** What the fake route charges on top of every refund payment. */
  public static final long ROUTING_FEE_MSAT = FakeClnLedger.ROUTING_FEE_MSAT;

  private final Path socketPath;
  private final FakeClnLedger ledger = new FakeClnLedger();
  private final ObjectMapper mapper = new ObjectMapper();
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private final Set<String> loseNextAnswer = ConcurrentHashMap.newKeySet();
  private volatile ServerSocketChannel server;
  private volatile FakeClnRest rest;

  private FakeCoreLightning(Path socketPath) {
    this.socketPath = socketPath;
  }

  /** Starts listening on {@code dir/lightning-rpc}. */
  public static FakeCoreLightning start(Path dir) {
    FakeCoreLightning fake = new FakeCoreLightning(dir.resolve("lightning-rpc"));
    fake.listen();
    return fake;
  }

  public Path socketPath() {
    return socketPath;
  }

  /** Serves CLNRest on 127.0.0.1 with a self-signed certificate, accepting only {@code rune}. */
  public synchronized FakeClnRest startRest(String rune) {
    if (rest == null) {
      rest = FakeClnRest.start(ledger, socketPath.getParent(), rune);
    }
    return rest;
  }

  /** Settles the invoice with this hash as a buyer's payment would; returns its pay_index. */
  public long pay(PaymentHash paymentHash) {
    return ledger.settle(paymentHash.hex());
  }

  public long pay(String paymentHashHex) {
    return ledger.settle(paymentHashHex);
  }

  /** Settles the invoice this node issued as {@code bolt11} (what a wallet pays). */
  public long payRequest(String bolt11) {
    return ledger.settle(ledger.hashOfRequest(bolt11));
  }

  public long payLabel(String label) {
    return ledger.settle(ledger.hashOfLabel(label));
  }

  /** A payment request of another node for {@code amount}, valid for an hour, that this node can pay. */
  public String foreignInvoice(Msat amount) {
    return ledger.foreignInvoice(amount.value(), 3600);
  }

  public String foreignInvoice(Msat amount, Duration expiry) {
    return ledger.foreignInvoice(amount.value(), expiry.toSeconds());
  }

  /** Payment requests this node paid (refunds that reached their payee), in order. */
  public List<String> paidOut() {
    return ledger.paidOut();
  }

  /** The parameters of every {@code pay} call, in order. */
  public List<JsonNode> payCalls() {
    return ledger.payCalls();
  }

  /** How many payments {@code pay} started (sendpay groups), whatever became of them. */
  public int payAttempts() {
    return ledger.payAttempts();
  }

  /** This node's held payments as the port's contract suites drive them. */
  public PaymentsInFlight paymentsInFlight() {
    return new PaymentsInFlight() {
      @Override
      public void hold(Bolt11 request) {
        holdPayments(request.text());
      }

      @Override
      public void succeed(Bolt11 request) {
        completeHeldPayment(request.text());
      }

      @Override
      public void fail(Bolt11 request) {
        failHeldPayment(request.text());
      }
    };
  }

  /** Payments to {@code bolt11} stay pending, and their {@code pay} blocks, until completed or failed below. */
  public void holdPayments(String bolt11) {
    ledger.hold(bolt11);
  }

  /** The payee takes the held payment: it completes, and the blocked {@code pay} answers. */
  public void completeHeldPayment(String bolt11) {
    ledger.resolveHeld(bolt11, true);
  }

  /** The held payment fails at a hop: nothing reaches the payee. */
  public void failHeldPayment(String bolt11) {
    ledger.resolveHeld(bolt11, false);
  }

  /** From now on {@code method} is a command the node does not offer (-32601), as with a plugin disabled. */
  public void removeCommand(String method) {
    ledger.forget(method);
  }

  public int invoiceCount() {
    return ledger.invoiceCount();
  }

  /** Closes every client connection, as a crashing or restarting lightningd would. */
  public void dropConnections() {
    for (SocketChannel client : clients) {
      closeQuietly(client);
    }
    clients.clear();
  }

  /** Stops listening and starts again on the same path, keeping every invoice (lightningd's database). */
  public synchronized void restart() {
    closeQuietly(server);
    dropConnections();
    listen();
  }

  /** The next {@code method} call is carried out, then its connection closes without an answer. */
  public void loseNextAnswerTo(String method) {
    loseNextAnswer.add(method);
  }

  public void stop() {
    ledger.stop();
    if (rest != null) {
      rest.stop();
    }
    closeQuietly(server);
    dropConnections();
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException ignored) {
      // a temp directory: gone with it
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void listen() {
    try {
      Files.deleteIfExists(socketPath);
      ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      channel.bind(UnixDomainSocketAddress.of(socketPath));
      server = channel;
      Thread.ofPlatform().daemon().name("fake-cln-accept").start(() -> accept(channel));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + socketPath, e);
    }
  }

  private void accept(ServerSocketChannel channel) {
    while (channel.isOpen()) {
      try {
        SocketChannel client = channel.accept();
        clients.add(client);
        Thread.ofVirtual().name("fake-cln-client").start(() -> serve(client));
      } catch (IOException e) {
        return; // closed: stop or restart
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client;
        InputStream in = Channels.newInputStream(client);
        MappingIterator<JsonNode> requests = mapper.readerFor(JsonNode.class).readValues(in)) {
      while (requests.hasNextValue()) {
        JsonNode request = requests.nextValue();
        String method = request.path("method").asText();
        ObjectNode response = mapper.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        try {
          response.set("result", ledger.handle(method, request.get("params")));
        } catch (FakeRpcError e) {
          response.putObject("error").put("code", e.code).put("message", e.getMessage());
        }
        if (loseNextAnswer.remove(method)) {
          return; // done, but the answer is lost with the connection
        }
        ByteBuffer out = ByteBuffer.wrap(mapper.writeValueAsBytes(response));
        while (out.hasRemaining()) {
          client.write(out);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or the connection was dropped on purpose
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(client);
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
