package dev.payql.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.app.PayqlApplication;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.config.SettingsSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 7, "How it is tested": the whole application on its embedded default (simulated node, H2),
 * and the GraphiQL page in a real headless Chromium. Waits are for events, with generous deadlines;
 * nothing here measures time.
 */
class PaymentPanelBrowserTest {

  static final String MARKET_QUERY = "query market { market(exchangeSymbol: \"Binance\", baseSymbol: \"LTC\", "
      + "quoteSymbol: \"BTC\") { marketSymbol ticker { lastPrice } } }";

  private static final Duration PAGE = Duration.ofSeconds(90);
  private static final Duration EVENT = Duration.ofSeconds(60);
  /** An invoice of 10 s lapses, then the long poll reports it: well inside this. */
  private static final Duration EXPIRY = Duration.ofSeconds(120);

  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  private static final Path SCREENSHOTS = MODULE.resolve("target/screenshots");

  /**
   * One data directory for the class: the sample market data loads on the first start only, so the
   * second application started on it is up at once.
   */
  @TempDir
  static Path data;

  @TempDir
  Path temp;

  private PayqlApplication app;
  private SimulatedNode node;
  private final AtomicInteger invoices = new AtomicInteger();
  private ChromeDriver browser;

  @BeforeEach
  void requireBrowser() {
    HeadlessChromium.requireInstalled();
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void runningTheMarketQueryShowsAnInvoiceAndOncePaidTheResult(TestInfo test) throws IOException {
    open(Map.of(), test);
    typeQuery(MARKET_QUERY);
    run();

    // the payment panel: a dialog that took the focus, with the invoice as text, QR code and link
    WebElement panel = waitFor(visible("pay-panel"), EVENT, "the payment panel to open");
    assertThat(panel.getAttribute("role")).isEqualTo("dialog");
    waitFor(visible("pay-invoice"), EVENT, "the invoice to show");
    String bolt11 = byId("pay-bolt11").getDomProperty("value");
    assertThat(bolt11).startsWith("lnbcrt");
    assertThat(byId("pay-wallet").getAttribute("href")).isEqualTo("lightning:" + bolt11);
    waitFor(driver -> Boolean.TRUE.equals(js("var i = document.getElementById('pay-qr');"
        + " return i.complete && i.naturalWidth > 0;")), EVENT, "the QR code to load");
    assertThat(byId("pay-qr").getAttribute("src")).contains("/qr.svg?data=LNBCRT");
    assertThat(byId("pay-usd").getText()).startsWith("$");
    assertThat(byId("pay-sats").getText()).matches("[0-9][0-9,]*(\\.[0-9]{1,3})? sats?");
    assertThat(byId("pay-countdown").getText()).matches("[0-9]+:[0-5][0-9]");
    assertThat(byId("pay-status").getText()).contains("Waiting for payment");
    assertThat(byId("pay-webln").isDisplayed()).as("no WebLN wallet in this browser: no WebLN button").isFalse();
    waitFor(visible("pay-node-row"), EVENT, "the node's channel address");
    assertThat(byId("pay-node").getText()).contains("@");
    assertThat(focusIsInside("pay-panel")).isTrue();
    byId("pay-copy").click();
    waitFor(driver -> !byId("pay-copied").getText().isBlank(), EVENT, "the copy button to answer");
    screenshot("payment-panel.png");
    publishToDocs("payment-panel.png");

    // issue 10: once the payment is seen the query runs by itself, without a second click
    byId("pay-simulate").click();
    waitFor(driver -> !byId("pay-panel").isDisplayed(), EVENT, "the query to run and the panel to close, unclicked");
    String result = waitFor(driver -> {
      String text = responsePane();
      return text != null && text.contains("marketSymbol") ? text : null;
    }, EVENT, "the result in GraphiQL's result pane");
    assertThat(result.toLowerCase(Locale.ROOT)).contains("binance:ltc/btc").contains("lastprice");
    assertThat(result).doesNotContain("\"errors\"");
    assertThat(focusIsInsideEditor()).isTrue();
    // a spent key is forgotten by the page: nothing is left in storage to be used again
    assertNoKeyInBrowserStorage();
    assertThat(invoices.get()).isEqualTo(1);
    screenshot("result.png");
  }

  /**
   * Issue 10, "the web page loses a paid key": the invoice is paid from a phone wallet (here
   * {@code /dev/pay} from the test) while the page is not there to see it (the tab was reloaded,
   * or closed and opened again), then the page is loaded again. It must pick the purchase up and
   * show the result, and the server must have sold one invoice.
   */
  @Test
  void aPurchasePaidFromAPhoneIsPickedUpAfterAReloadAndShowsItsResultWithoutASecondInvoice(TestInfo test)
      throws IOException {
    open(Map.of(), test);
    typeQuery(MARKET_QUERY);
    run();
    waitFor(visible("pay-invoice"), EVENT, "the invoice to show");
    String bolt11 = byId("pay-bolt11").getDomProperty("value");

    // the tab leaves the page first, so it cannot see the payment happen and run the query itself
    browser.get("about:blank");
    payFromAnotherDevice(bolt11);
    browser.get(baseUrl() + "/");
    waitForGraphiql();

    String result = waitFor(driver -> {
      String text = responsePane();
      return text != null && text.contains("marketSymbol") ? text : null;
    }, EVENT, "the paid query's result after the reload");
    assertThat(result.toLowerCase(Locale.ROOT)).contains("binance:ltc/btc").contains("lastprice");
    assertThat(result).doesNotContain("\"errors\"");
    assertThat(invoices.get()).as("invoices the server made").isEqualTo(1);

    // used once, the purchase is gone: another reload offers nothing and sells nothing
    browser.navigate().refresh();
    waitForGraphiql();
    assertThat(byId("pay-panel").isDisplayed()).isFalse();
    assertThat(byId("pay-purchases").isDisplayed()).isFalse();
    assertNoKeyInBrowserStorage();
    assertThat(invoices.get()).isEqualTo(1);
  }

  /**
   * The tab is reloaded while the invoice is still unpaid: the page shows the same invoice again,
   * running the query again reuses it, and the payment (from elsewhere) runs the query by itself.
   */
  @Test
  void aTabReloadedBeforePaymentKeepsItsInvoiceAndRunsTheQueryOnceItIsPaid(TestInfo test) throws IOException {
    open(Map.of(), test);
    typeQuery(MARKET_QUERY);
    run();
    waitFor(visible("pay-invoice"), EVENT, "the invoice to show");
    String bolt11 = byId("pay-bolt11").getDomProperty("value");

    browser.navigate().refresh();
    waitForGraphiql();
    waitFor(driver -> byId("pay-panel").isDisplayed() && bolt11.equals(byId("pay-bolt11").getDomProperty("value")),
        EVENT, "the same invoice to show again after the reload");
    assertThat(byId("pay-status").getText()).contains("Waiting for payment");
    // the purchases the page holds are listed, with what they are waiting for
    WebElement purchases = waitFor(visible("pay-purchases"), EVENT, "the list of held purchases");
    assertThat(purchases.getText()).contains("market").contains("waiting for payment");
    screenshot("held-purchase.png");

    // closing the panel and running the same query again shows the held invoice, not a new one
    byId("pay-panel").sendKeys(Keys.ESCAPE);
    waitFor(driver -> !byId("pay-panel").isDisplayed(), EVENT, "Escape to close the panel");
    run();
    waitFor(driver -> byId("pay-panel").isDisplayed() && bolt11.equals(byId("pay-bolt11").getDomProperty("value")),
        EVENT, "the held invoice for the same query");
    assertThat(invoices.get()).isEqualTo(1);

    payFromAnotherDevice(bolt11);
    String result = waitFor(driver -> {
      String text = responsePane();
      return text != null && text.contains("marketSymbol") ? text : null;
    }, EVENT, "the result once the payment is seen, unclicked");
    assertThat(result).doesNotContain("\"errors\"");
    assertThat(invoices.get()).isEqualTo(1);
  }

  @Test
  void anInvoiceLeftUnpaidExpiresAndANewOneCanBeAskedFor(TestInfo test) throws IOException {
    open(Map.of("PAYQL_INVOICE_EXPIRY", "10s"), test);
    typeQuery(MARKET_QUERY);
    run();

    waitFor(visible("pay-invoice"), EVENT, "the invoice to show");
    String first = byId("pay-bolt11").getDomProperty("value");
    assertThat(first).startsWith("lnbcrt");

    WebElement renew = waitFor(visible("pay-new"), EXPIRY, "the invoice to expire");
    assertThat(byId("pay-status").getText()).contains("Invoice expired");
    assertThat(byId("pay-invoice").isDisplayed()).isFalse();
    assertThat(focusIsOn("pay-new")).isTrue();
    screenshot("invoice-expired.png");

    renew.click();
    waitFor(driver -> byId("pay-invoice").isDisplayed()
        && !first.equals(byId("pay-bolt11").getDomProperty("value")), EVENT, "a new invoice");
    assertThat(byId("pay-bolt11").getDomProperty("value")).startsWith("lnbcrt");

    // Escape closes the dialog, gives the focus back to the editor and says the query did not run
    byId("pay-panel").sendKeys(Keys.ESCAPE);
    waitFor(driver -> !byId("pay-panel").isDisplayed(), EVENT, "Escape to close the panel");
    assertThat(focusIsInsideEditor()).isTrue();
    String notRun = waitFor(driver -> {
      String text = responsePane();
      return text != null && text.contains("Not run") ? text : null;
    }, EVENT, "the result pane to say the query did not run");
    assertThat(notRun).contains("payment panel was closed");
  }

  @Test
  void aQueryTheSchemaRefusesShowsItsErrorWithLocationsInTheResultPaneAndNoInvoice(TestInfo test)
      throws IOException {
    open(Map.of(), test);
    typeQuery("query market { market(exchangeSymbol: \"Binance\", baseSymbol: \"LTC\", quoteSymbol: \"BTC\")"
        + " { noSuchField } }");
    run();

    String result = waitFor(driver -> {
      String text = responsePane();
      return text != null && text.contains("errors") ? text : null;
    }, EVENT, "the validation error in the result pane");
    assertThat(result).contains("noSuchField").contains("\"locations\"").contains("graphql_validation");
    assertThat(byId("pay-panel").isDisplayed()).isFalse();
    assertThat(byId("pay-bolt11").getDomProperty("value")).isEmpty();
  }

  /**
   * Issue 13: a WebLN wallet in the browser (as Alby's extension injects one) pays the shown
   * invoice; its sendPayment pays through the simulated node's {@code /dev/pay} and returns the
   * preimage that gives. The query runs on that answer, with no second invoice.
   */
  @Test
  void aWeblnWalletPaysTheInvoiceAndTheQueryRunsOnItsPreimage(TestInfo test) throws Exception {
    open(Map.of(), test, WEBLN_PAYING_THROUGH_DEV_PAY);
    typeQuery(MARKET_QUERY);
    run();

    waitFor(visible("pay-invoice"), EVENT, "the invoice to show");
    String bolt11 = byId("pay-bolt11").getDomProperty("value");
    WebElement pay = waitFor(visible("pay-webln"), EVENT, "the Pay with WebLN button");
    assertThat(pay.getText()).isEqualTo("Pay with WebLN");
    // the other ways to pay stay beside it
    assertThat(byId("pay-qr").isDisplayed()).isTrue();
    assertThat(byId("pay-copy").isDisplayed()).isTrue();
    screenshot("webln-offered.png");

    pay.click();
    String result = waitFor(driver -> {
      String text = responsePane();
      return text != null && text.contains("marketSymbol") ? text : null;
    }, EVENT, "the result once the wallet returns its preimage");
    assertThat(result.toLowerCase(Locale.ROOT)).contains("binance:ltc/btc").contains("lastprice");
    assertThat(result).doesNotContain("\"errors\"");
    assertThat(byId("pay-panel").isDisplayed()).isFalse();

    // the wallet was enabled, asked to pay exactly the shown invoice, once, and its preimage is the real one
    assertThat(js("return window.__wallet.enabled;")).isEqualTo(1L);
    assertThat(js("return window.__wallet.paid;")).isEqualTo(List.of(bolt11));
    String preimage = String.valueOf(js("return window.__wallet.preimage;"));
    assertThat(PaymentHash.of(MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(preimage))))
        .isEqualTo(node.decode(new Bolt11(bolt11)).paymentHash());
    assertThat(invoices.get()).as("invoices the server made").isEqualTo(1);
    // the page keeps no preimage and, the key spent, no key
    assertThat(String.valueOf(js("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage);")))
        .doesNotContain(preimage);
    assertNoKeyInBrowserStorage();
  }

  /** A wallet that refuses: its error is shown, the invoice, its QR code and copy button stay, and it can still be paid. */
  @Test
  void aWeblnWalletThatRejectsShowsItsErrorAndLeavesTheInvoiceToPayAnotherWay(TestInfo test) throws IOException {
    open(Map.of(), test, WEBLN_REJECTING);
    typeQuery(MARKET_QUERY);
    run();

    waitFor(visible("pay-invoice"), EVENT, "the invoice to show");
    String bolt11 = byId("pay-bolt11").getDomProperty("value");
    waitFor(visible("pay-webln"), EVENT, "the Pay with WebLN button").click();

    WebElement error = waitFor(visible("pay-error"), EVENT, "the wallet's refusal");
    assertThat(error.getText()).contains("User rejected the payment").contains("still open");
    assertThat(byId("pay-invoice").isDisplayed()).isTrue();
    assertThat(byId("pay-qr").isDisplayed()).isTrue();
    assertThat(byId("pay-copy").isDisplayed()).isTrue();
    assertThat(byId("pay-bolt11").getDomProperty("value")).isEqualTo(bolt11);
    assertThat(byId("pay-webln").isEnabled()).as("the wallet may be tried again").isTrue();
    assertThat(byId("pay-status").getText()).contains("Waiting for payment");
    assertThat(js("return window.__wallet.paid;")).isEqualTo(List.of(bolt11));
    screenshot("webln-rejected.png");

    // still watched: paid another way, the query runs by itself, on the same invoice
    payFromAnotherDevice(bolt11);
    String result = waitFor(driver -> {
      String text = responsePane();
      return text != null && text.contains("marketSymbol") ? text : null;
    }, EVENT, "the result once the invoice is paid another way");
    assertThat(result).doesNotContain("\"errors\"");
    assertThat(invoices.get()).isEqualTo(1);
  }

  /** What a WebLN provider looks like to the page (webln.guide): enable(), then sendPayment(bolt11) → {preimage}. */
  private static final String WEBLN_PAYING_THROUGH_DEV_PAY = """
      window.__wallet = { enabled: 0, paid: [], preimage: null };
      window.webln = {
        enable: function () { window.__wallet.enabled += 1; return Promise.resolve(); },
        sendPayment: function (paymentRequest) {
          window.__wallet.paid.push(paymentRequest);
          return fetch('/dev/pay', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ paymentRequest: paymentRequest }) })
            .then(function (r) { if (!r.ok) { throw new Error('payment failed: ' + r.status); } return r.json(); })
            .then(function (paid) { window.__wallet.preimage = paid.preimage; return { preimage: paid.preimage }; });
        }
      };
      """;

  private static final String WEBLN_REJECTING = """
      window.__wallet = { enabled: 0, paid: [] };
      window.webln = {
        enable: function () { window.__wallet.enabled += 1; return Promise.resolve(); },
        sendPayment: function (paymentRequest) {
          window.__wallet.paid.push(paymentRequest);
          return Promise.reject(new Error('User rejected the payment.'));
        }
      };
      """;

  private void open(Map<String, String> settings, TestInfo test) throws IOException {
    open(settings, test, null);
  }

  /** Starts the application and the browser; {@code walletScript}, when given, runs in every page before the page's own scripts. */
  private void open(Map<String, String> settings, TestInfo test, String walletScript) throws IOException {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("PAYQL_HOST", "127.0.0.1");
    environment.put("PAYQL_PORT", "0");
    environment.put("PAYQL_DATA_DIR", data.toString());
    PayqlConfig config = PayqlConfig.from(SettingsSource.load(Optional.empty(), environment));
    // the simulated node, counted: how many invoices the server made is what a double sale shows in
    node = new SimulatedNode(data.resolve("simnode"), Clock.systemUTC());
    PayqlApplication.NodeOverride simulated = PayqlApplication.NodeOverride.simulated(node);
    app = PayqlApplication.start(config, Clock.systemUTC(), PayqlApplication.Overrides.none().withNode(
        new PayqlApplication.NodeOverride(new InvoiceCountingNode(node, invoices), simulated.stream(),
            simulated.devPayments())));
    // a first start answers while the sample data loads; the page's queries need the data
    try {
      if (!app.awaitDataReady(java.time.Duration.ofMinutes(10))) {
        throw new IllegalStateException("the sample market data did not load");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String name = test.getTestMethod().orElseThrow().getName();
    browser = HeadlessChromium.start(temp.resolve("profile"), MODULE.resolve("target/chromedriver-" + name + ".log"));
    if (walletScript != null) {
      // as a wallet extension does: the provider exists before the page's scripts look for it
      browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", walletScript));
    }
    browser.get(baseUrl() + "/");
    waitForGraphiql();
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  private void waitForGraphiql() {
    waitFor(driver -> js("var e = document.querySelector('.graphiql-query-editor .CodeMirror');"
        + " return e && e.CodeMirror ? true : null;"), PAGE, "GraphiQL to load");
  }

  /** Pays as a phone wallet would: from outside the page, which learns of it only from the server. */
  private void payFromAnotherDevice(String bolt11) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/dev/pay"))
          .timeout(EVENT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"paymentRequest\":\"" + bolt11 + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Puts the query in GraphiQL's editor and lays it out with GraphiQL's own prettify button. */
  private void typeQuery(String query) {
    js("var cm = document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror;"
        + " cm.setValue(arguments[0]); cm.focus();", query);
    browser.findElement(By.cssSelector("button[aria-label^='Prettify']")).click();
    waitFor(driver -> String.valueOf(js("return document.querySelector('.graphiql-query-editor .CodeMirror')"
        + ".CodeMirror.getValue();")).contains("\n"), EVENT, "the query to be prettified");
  }

  private void run() {
    browser.findElement(By.cssSelector(".graphiql-execute-button")).click();
  }

  private String responsePane() {
    Object text = js("var e = document.querySelector('.graphiql-response .CodeMirror');"
        + " return e && e.CodeMirror ? e.CodeMirror.getValue() : null;");
    return text == null ? null : text.toString();
  }

  private boolean focusIsInside(String id) {
    return Boolean.TRUE.equals(js("return document.getElementById(arguments[0]).contains(document.activeElement);", id));
  }

  private boolean focusIsOn(String id) {
    return Boolean.TRUE.equals(js("return document.activeElement === document.getElementById(arguments[0]);", id));
  }

  private boolean focusIsInsideEditor() {
    return Boolean.TRUE.equals(js("return !!document.activeElement.closest('.graphiql-query-editor');"));
  }

  /** The one-time key lives in page memory only (issue 7); GraphiQL's own storage must not hold it. */
  private void assertNoKeyInBrowserStorage() {
    @SuppressWarnings("unchecked")
    List<String> values = (List<String>) js("var all = [];"
        + " [localStorage, sessionStorage].forEach(function (s) {"
        + "   for (var i = 0; i < s.length; i++) { all.push(s.key(i) + '=' + s.getItem(s.key(i))); } });"
        + " return all;");
    assertThat(values).noneMatch(value -> value.matches("(?s).*\\b[0-9a-f]{64}\\b.*"));
  }

  private WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  private Function<WebDriver, WebElement> visible(String id) {
    return driver -> {
      WebElement element = driver.findElement(By.id(id));
      return element.isDisplayed() ? element : null;
    };
  }

  private Object js(String script, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(script, arguments);
  }

  private <T> T waitFor(Function<WebDriver, T> condition, Duration timeout, String what) {
    return new WebDriverWait(browser, timeout, Duration.ofMillis(200))
        .withMessage("waiting for " + what)
        .until(condition);
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The README shows the payment panel as this test sees it. Refreshed only when asked
   * ({@code -Dpayql.publishScreenshots=true}), so an ordinary test run leaves the work tree clean.
   */
  private static void publishToDocs(String name) throws IOException {
    Path docs = MODULE.getParent().resolve("docs");
    if (Boolean.getBoolean("payql.publishScreenshots") && Files.isDirectory(docs)) {
      Path images = Files.createDirectories(docs.resolve("images"));
      Files.copy(SCREENSHOTS.resolve(name), images.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
