/*
 * PayQL's GraphiQL in pay-per-request mode (DESIGN.md 1.1 and 1.6).
 *
 * GraphiQL's fetcher decides what each request costs:
 *  - GraphiQL's own schema query goes to POST /graphql without a key: introspection is free.
 *  - A query the user runs is first sent to POST /graphql without a key as well. Free operations
 *    (introspection typed by hand) are answered at once; anything else is refused with 402
 *    payment_required carrying an invoice and key for that exact body (POST /api/invoice when it
 *    carries none), the payment panel shows it, watches it with long polls on /api/invoice/status,
 *    and once it is paid sends the same
 *    body to POST /graphql with the one-time key. The result lands in GraphiQL's result pane.
 *
 * Purchases outlive the tab (issue 10, ADR 0025): each one (its key, the exact body, its invoice and
 * state) is kept in localStorage under one entry until it is used, lapses or the server no longer
 * knows it, so a reload, a closed tab or a crash after paying from a phone wallet never loses a
 * paid key and never sells the same request twice. On load the page asks the server what became of
 * each, lists them, and resumes the newest: a paid one runs, an unpaid one shows its invoice again.
 * The key is never logged and never put in GraphiQL's headers editor (which is switched off).
 *
 * With a WebLN wallet in the browser (window.webln) the panel also offers "Pay with WebLN"; the
 * preimage the wallet returns runs the query at once through the same path (ADR 0040).
 */
(function () {
  'use strict';

  var STATUS_WAIT_SECONDS = 25;
  var REQUEST_TIMEOUT_MS = 30000;
  var POLL_TIMEOUT_MS = (STATUS_WAIT_SECONDS + 15) * 1000;

  var DEFAULT_QUERY = [
    '# Welcome to PayQL: every query you run is sold for a Lightning micropayment.',
    '# Schema docs and autocompletion are free. Press the run button (Ctrl-Enter) to get an invoice.',
    '',
    'query market {',
    '  market(exchangeSymbol: "Binance", baseSymbol: "LTC", quoteSymbol: "BTC") {',
    '    marketSymbol',
    '    ticker {',
    '      lastPrice',
    '    }',
    '  }',
    '}',
    ''
  ].join('\n');

  function byId(id) {
    return document.getElementById(id);
  }

  var ui = {
    backdrop: byId('pay-backdrop'),
    panel: byId('pay-panel'),
    close: byId('pay-close'),
    status: byId('pay-status'),
    error: byId('pay-error'),
    invoice: byId('pay-invoice'),
    usd: byId('pay-usd'),
    sats: byId('pay-sats'),
    countdown: byId('pay-countdown'),
    qr: byId('pay-qr'),
    bolt11: byId('pay-bolt11'),
    copy: byId('pay-copy'),
    copied: byId('pay-copied'),
    wallet: byId('pay-wallet'),
    nodeRow: byId('pay-node-row'),
    node: byId('pay-node'),
    purchases: byId('pay-purchases'),
    purchaseList: byId('pay-purchases-list'),
    simulate: byId('pay-simulate'),
    webln: byId('pay-webln'),
    renew: byId('pay-new'),
    retry: byId('pay-retry')
  };

  /* ---------- HTTP ---------- */

  /**
   * The API's paths are written from the root ('/graphql') but fetched relative to the page, so
   * the page works where a host mounts PayQL ('/pay/') as well as at the root.
   */
  function fromPage(path) {
    return path.replace(/^\//, '');
  }

  /** fetch with a deadline: every call the page makes ends, one way or the other. */
  function request(method, url, options) {
    options = options || {};
    var controller = new AbortController();
    var timeout = setTimeout(function () { controller.abort(); }, options.timeoutMs || REQUEST_TIMEOUT_MS);
    if (options.signal) {
      if (options.signal.aborted) {
        controller.abort();
      } else {
        options.signal.addEventListener('abort', function () { controller.abort(); });
      }
    }
    var headers = { 'Accept': 'application/json, application/problem+json' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options.key) {
      headers['Authorization'] = 'Bearer ' + options.key;
    }
    return fetch(fromPage(url), {
      method: method,
      headers: headers,
      body: options.body,
      signal: controller.signal,
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (response) {
      return response.text().then(function (text) {
        clearTimeout(timeout);
        var json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch (e) {
          json = null;
        }
        return {
          status: response.status,
          ok: response.ok,
          json: json,
          text: text,
          retryAfter: response.headers.get('Retry-After'),
          date: response.headers.get('Date')
        };
      });
    }, function (failure) {
      clearTimeout(timeout);
      throw failure;
    });
  }

  /** A problem (RFC 9457) from an answer, whatever shape the answer had. */
  function problemOf(answer) {
    var p = answer.json && typeof answer.json === 'object' ? answer.json : {};
    return {
      status: answer.status,
      code: typeof p.code === 'string' ? p.code : null,
      detail: typeof p.detail === 'string' ? p.detail : (typeof p.title === 'string' ? p.title : null),
      body: p,
      retryAfter: answer.retryAfter
    };
  }

  /** The server's problem as a GraphQL response, so GraphiQL's result pane shows it with its locations. */
  function problemAsGraphqlResponse(problem) {
    if (Array.isArray(problem.body.errors) && problem.body.errors.length > 0) {
      return { errors: problem.body.errors };
    }
    var error = { message: problem.detail || ('The request was refused (HTTP ' + problem.status + ').') };
    if (Array.isArray(problem.body.locations)) {
      error.locations = problem.body.locations;
    }
    if (problem.code) {
      error.extensions = { code: problem.code };
    }
    return { errors: [error] };
  }

  function isGraphqlResponse(json) {
    return json && typeof json === 'object' && ('data' in json || Array.isArray(json.errors));
  }

  /* ---------- node info ---------- */

  var node = null;
  request('GET', '/api/node').then(function (answer) {
    if (answer.ok && answer.json) {
      node = answer.json;
      renderNode();
    }
  }, function () {
    node = null;
  });

  function renderNode() {
    var address = node && Array.isArray(node.uris) && node.uris.length > 0 ? node.uris[0]
        : (node && node.pubkey) || null;
    ui.node.textContent = address || '';
    ui.nodeRow.hidden = !address;
    ui.simulate.hidden = !(node && node.backend === 'simulated' && current && current.purchase
        && current.purchase.state === 'AWAITING_PAYMENT');
  }

  /* ---------- purchases and runs ---------- */

  /* ---------- purchases kept across reloads ---------- */

  /*
   * A purchase is one invoice for one exact request body, with its one-time key. It outlives the
   * panel and the tab: it is reused whenever the same body runs again, until it is spent.
   */
  var STORE_KEY = 'payql.purchases.v1';
  var LIVE_STATES = ['AWAITING_PAYMENT', 'PAID', 'FAILED', 'EXECUTING', 'SPENT'];
  var held = readHeld();

  function isPurchase(p) {
    return p && typeof p === 'object' && typeof p.body === 'string' && /^[0-9a-f]{64}$/.test(p.key)
        && typeof p.paymentRequest === 'string' && typeof p.expiresAt === 'number' && typeof p.skewMs === 'number'
        && LIVE_STATES.indexOf(p.state) >= 0;
  }

  /* Storage can be switched off or full: the page then keeps its purchases in memory only. */
  function readHeld() {
    try {
      var list = JSON.parse(window.localStorage.getItem(STORE_KEY) || '[]');
      return Array.isArray(list) ? list.filter(isPurchase) : [];
    } catch (e) {
      return [];
    }
  }

  function saveHeld() {
    try {
      if (held.length > 0) {
        window.localStorage.setItem(STORE_KEY, JSON.stringify(held));
      } else {
        window.localStorage.removeItem(STORE_KEY);
      }
    } catch (e) {
      // memory only
    }
    renderPurchases();
  }

  /* Another tab bought, paid or spent something: take its view, keeping the objects runs use. */
  function mergeStored() {
    var stored = readHeld();
    held = stored.map(function (entry) {
      var mine = findByKey(entry.key);
      if (mine) {
        Object.keys(entry).forEach(function (name) { mine[name] = entry[name]; });
        return mine;
      }
      return entry;
    });
    renderPurchases();
  }

  function findByKey(key) {
    for (var i = 0; i < held.length; i++) {
      if (held[i].key === key) {
        return held[i];
      }
    }
    return null;
  }

  function hold(purchase) {
    held.push(purchase);
    saveHeld();
  }

  function forget(purchase) {
    held = held.filter(function (p) { return p.key !== purchase.key; });
    saveHeld();
  }

  function setState(purchase, state) {
    purchase.state = state;
    if (findByKey(purchase.key)) {
      saveHeld();
    }
  }

  function isUsable(purchase) {
    return purchase.state !== 'AWAITING_PAYMENT' || !hasLapsed(purchase);
  }

  /* The purchase this page holds for exactly this body, if one can still be used. */
  function heldFor(body) {
    mergeStored();
    for (var i = held.length - 1; i >= 0; i--) {
      if (held[i].body === body && isUsable(held[i])) {
        return held[i];
      }
    }
    return null;
  }

  window.addEventListener('storage', function (event) {
    if (event.key === STORE_KEY || event.key === null) {
      mergeStored();
    }
  });

  /* The run GraphiQL is waiting for: its body, its observer and the purchase it uses. */
  var current = null;

  function Run(body, observer) {
    this.body = body;
    this.observer = observer;
    this.purchase = null;
    this.finished = false;
    this.watch = null;
    this.clock = null;
  }

  function finish(run, response) {
    if (run.finished) {
      return;
    }
    run.finished = true;
    stopWatching(run);
    run.observer.next(response);
    run.observer.complete();
  }

  function fetcher(params) {
    var body = JSON.stringify({
      query: params.query,
      variables: params.variables === null ? undefined : params.variables,
      operationName: params.operationName === null ? undefined : params.operationName
    });
    if (params.operationName === 'IntrospectionQuery') {
      // GraphiQL's schema query: free (DESIGN.md 1.4, "Introspection is free")
      return request('POST', '/graphql', { body: body }).then(function (answer) {
        return isGraphqlResponse(answer.json) ? answer.json : problemAsGraphqlResponse(problemOf(answer));
      });
    }
    return {
      subscribe: function (observer) {
        var run = new Run(body, observer);
        if (current && current !== run) {
          abandon(current, false);
        }
        current = run;
        start(run);
        return {
          unsubscribe: function () {
            // GraphiQL's stop button
            if (!run.finished) {
              run.finished = true;
              stopWatching(run);
              if (current === run) {
                closePanel();
              }
            }
          }
        };
      }
    };
  }

  function start(run) {
    var purchase = heldFor(run.body);
    if (purchase) {
      // never a second invoice for a request already bought: go straight to that purchase
      openPanel();
      use(run, purchase);
      return;
    }
    request('POST', '/graphql', { body: run.body }).then(function (answer) {
      if (run.finished) {
        return;
      }
      if (answer.ok && isGraphqlResponse(answer.json)) {
        finish(run, answer.json); // a free operation
        return;
      }
      var problem = problemOf(answer);
      if (answer.status === 402) {
        // the 402 sells this body already (its invoice and key are in the problem): no second invoice
        if (!adopt(run, answer)) {
          requestInvoice(run);
        }
        return;
      }
      handleRefusalBeforeInvoice(run, problem, function () { start(run); });
    }, function () {
      if (run.finished) {
        return;
      }
      openPanel();
      showError('Cannot reach the PayQL server. Check your connection and retry.', function () { start(run); });
    });
  }

  /*
   * The panel opens when there is an invoice or a problem to show there: a request the schema
   * refuses goes straight to the result pane, without a flash of the panel.
   */
  function requestInvoice(run) {
    var bought = heldFor(run.body);
    if (bought) {
      // another tab bought it in the meantime
      openPanel();
      use(run, bought);
      return;
    }
    run.purchase = null;
    if (!ui.panel.hidden) {
      resetView();
      setStatus('Requesting an invoice…');
    }
    request('POST', '/api/invoice', { body: run.body }).then(function (answer) {
      if (answer.ok && adopt(run, answer)) {
        return;
      }
      if (run.finished) {
        return;
      }
      handleRefusalBeforeInvoice(run, problemOf(answer), function () { requestInvoice(run); });
    }, function () {
      if (!run.finished) {
        openPanel();
        showError('Cannot reach the PayQL server to get an invoice. Check your connection and retry.',
            function () { requestInvoice(run); });
      }
    });
  }

  /*
   * Keeps and shows the purchase an answer carries (POST /api/invoice's, or the 402 of /graphql,
   * which sells the body it was sent); false when the answer carries none.
   */
  function adopt(run, answer) {
    var invoice = answer.json;
    if (invoice && typeof invoice.paymentRequest === 'string' && typeof invoice.apikey === 'string') {
        var serverNow = answer.date ? Date.parse(answer.date) : NaN;
        var purchase = {
          body: run.body,
          label: labelOf(run.body),
          createdAt: Date.now(),
          key: invoice.apikey,
          paymentRequest: invoice.paymentRequest,
          price: invoice.price,
          value: invoice.value,
          expiresAt: Date.parse(invoice.expiresAt),
          // the server's clock decides expiry; the countdown follows it, not the browser's clock
          skewMs: isNaN(serverNow) ? 0 : serverNow - Date.now(),
          state: 'AWAITING_PAYMENT'
        };
        // kept even if the run ended meanwhile: the invoice exists and may be paid
        hold(purchase);
        if (!run.finished) {
          openPanel();
          use(run, purchase);
        }
        return true;
    }
    return false;
  }

  /** Errors of POST /api/invoice (DESIGN.md 1.4, last paragraph) and of the free first try. */
  function handleRefusalBeforeInvoice(run, problem, retry) {
    switch (problem.code) {
      case 'graphql_syntax':
      case 'graphql_validation':
      case 'unknown_operation':
      case 'invalid_request':
      case 'payload_too_large':
        // the request itself is wrong: show it where GraphQL errors belong, with their locations
        closePanel();
        finish(run, problemAsGraphqlResponse(problem));
        return;
      case 'request_too_large': {
        openPanel();
        var cost = problem.body.cost;
        var limit = problem.body.limit;
        var weighed = (cost !== undefined && limit !== undefined)
            ? 'This request weighs ' + cost + ' units; the limit is ' + limit + '. '
            : 'This request is heavier than the server sells. ';
        showError(weighed + 'Ask for fewer fields or lower the limit arguments, then run it again.', null);
        return;
      }
      case 'rate_limited':
        openPanel();
        showError('Too many invoices were asked for from this address.'
            + retryAfterText(problem) + ' Retry when ready.', retry);
        return;
      case 'node_unavailable':
      case 'store_unavailable':
        openPanel();
        showError((problem.code === 'node_unavailable' ? 'The Lightning node is unavailable right now.'
            : 'The server cannot reach its database right now.') + retryAfterText(problem) + ' Retry in a moment.', retry);
        return;
      default:
        openPanel();
        showError(describe(problem), retry);
    }
  }

  function retryAfterText(problem) {
    var seconds = parseInt(problem.retryAfter, 10);
    return isNaN(seconds) ? '' : ' Try again in ' + seconds + ' s.';
  }

  function describe(problem) {
    return (problem.detail || 'The server refused the request') + (problem.code ? ' (' + problem.code + ')' : '')
        + (problem.status ? ' [HTTP ' + problem.status + ']' : '');
  }

  function hasLapsed(purchase) {
    return Date.now() + purchase.skewMs >= purchase.expiresAt;
  }

  /* Shows a purchase in the panel and follows it until it is paid, lapses or the run ends. */
  function use(run, purchase) {
    run.purchase = purchase;
    resetView();
    ui.invoice.hidden = false;
    ui.usd.textContent = formatUsd(purchase.price);
    ui.sats.textContent = formatSats(purchase.value);
    ui.bolt11.value = purchase.paymentRequest;
    ui.wallet.href = 'lightning:' + purchase.paymentRequest;
    // upper case: the QR code's compact alphanumeric mode (BOLT11 is case-insensitive bech32)
    ui.qr.src = fromPage('/qr.svg') + '?data=' + encodeURIComponent(purchase.paymentRequest.toUpperCase());
    renderNode();
    startCountdown(run);
    purchase.dismissed = false;
    if (purchase.state !== 'AWAITING_PAYMENT') {
      // paid, failed (retried), or executing/spent when a reload interrupted its run (replayed)
      onPaid(run);
    } else {
      setStatus('Waiting for payment…');
      // a browser wallet (WebLN) can pay from the page; the QR code and the copy button stay for others
      ui.webln.hidden = !hasWebln();
      ui.webln.disabled = false;
      watch(run);
    }
  }

  function startCountdown(run) {
    stopCountdown(run);
    var tick = function () {
      var left = Math.max(0, run.purchase.expiresAt - (Date.now() + run.purchase.skewMs));
      var seconds = Math.ceil(left / 1000);
      ui.countdown.textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
      ui.countdown.setAttribute('aria-label', seconds + ' seconds');
    };
    tick();
    run.clock = setInterval(tick, 1000);
  }

  function stopCountdown(run) {
    if (run.clock) {
      clearInterval(run.clock);
      run.clock = null;
    }
  }

  /* Long polls /api/invoice/status until the purchase leaves AWAITING_PAYMENT. */
  function watch(run) {
    stopWatching(run);
    var controller = new AbortController();
    run.watch = controller;
    var failures = 0;
    var poll = function () {
      if (run.finished || run.watch !== controller) {
        return;
      }
      request('GET', '/api/invoice/status?wait=' + STATUS_WAIT_SECONDS,
          { key: run.purchase.key, signal: controller.signal, timeoutMs: POLL_TIMEOUT_MS }).then(function (answer) {
        if (run.finished || run.watch !== controller) {
          return;
        }
        if (answer.ok && answer.json && typeof answer.json.state === 'string') {
          failures = 0;
          var state = answer.json.state.toUpperCase();
          if (state === 'AWAITING_PAYMENT') {
            poll();
          } else if (state === 'EXPIRED') {
            onExpired(run);
          } else if (state === 'PAID' || state === 'FAILED' || state === 'EXECUTING' || state === 'SPENT') {
            // executing or spent: another tab of this browser is running it; its answer is replayed here
            setState(run.purchase, state);
            onPaid(run);
          } else {
            // REFUNDED
            forget(run.purchase);
            showError('This invoice\'s key has already been used (' + state.toLowerCase() + '). Run the query again for a new invoice.', null);
          }
          return;
        }
        var problem = problemOf(answer);
        if (answer.status === 503 || answer.status === 429) {
          setStatus('The server is busy; still watching the payment…');
          later(poll, 3000);
          return;
        }
        showError(describe(problem), function () { watch(run); });
      }, function () {
        if (run.finished || run.watch !== controller) {
          return;
        }
        // a dropped long poll is not an error: try again, more slowly each time
        failures += 1;
        setStatus('Connection lost; still watching the payment…');
        later(poll, Math.min(15000, 1000 * failures));
      });
    };
    poll();
  }

  function later(action, ms) {
    setTimeout(action, ms);
  }

  function stopWatching(run) {
    if (run.watch) {
      run.watch.abort();
      run.watch = null;
    }
    stopCountdown(run);
  }

  /* The payment is seen: the query runs at once (issue 10: no second click). */
  function onPaid(run) {
    stopWatching(run);
    ui.countdown.textContent = 'paid';
    ui.simulate.hidden = true;
    ui.webln.hidden = true;
    if (run.purchase.state === 'AWAITING_PAYMENT') {
      setState(run.purchase, 'PAID');
    }
    renderPurchases();
    runPaid(run);
  }

  function onExpired(run) {
    stopWatching(run);
    if (run.purchase) {
      forget(run.purchase);
    }
    ui.invoice.hidden = true;
    ui.simulate.hidden = true;
    ui.webln.hidden = true;
    setStatus('Invoice expired. Nothing was charged: ask for a new invoice to run this query.', 'is-expired');
    ui.renew.hidden = false;
    ui.renew.focus();
  }

  /* POST /graphql with the key (DESIGN.md 1.4). */
  function runPaid(run) {
    if (run.finished || !run.purchase) {
      return;
    }
    var purchase = run.purchase;
    clearError();
    setStatus('Running the query…', 'is-paid');
    request('POST', '/graphql', { body: run.body, key: purchase.key }).then(function (answer) {
      if (run.finished) {
        return;
      }
      if (answer.ok && isGraphqlResponse(answer.json)) {
        var failed = Array.isArray(answer.json.errors) && answer.json.errors.length > 0
            && (answer.json.data === null || answer.json.data === undefined);
        if (failed) {
          // the execution failed: the key may be retried with the same body (DESIGN.md 1.4)
          setState(purchase, 'FAILED');
        } else {
          forget(purchase);
        }
        closePanel();
        finish(run, answer.json);
        return;
      }
      var problem = problemOf(answer);
      switch (problem.code) {
        case 'payment_pending':
          setState(purchase, 'AWAITING_PAYMENT');
          setStatus('The node has not confirmed the payment yet. Waiting…');
          watch(run);
          startCountdown(run);
          return;
        case 'invoice_expired':
          onExpired(run);
          return;
        case 'unknown_api_key':
        case 'key_expired':
        case 'key_refunded':
          forget(purchase);
          showError('The server no longer accepts this key (' + problem.code + '). Run the query again for a new invoice.', null);
          return;
        case 'redemption_in_progress': {
          var seconds = parseInt(problem.retryAfter, 10);
          setStatus('This key is being used right now; trying again shortly…');
          later(function () { runPaid(run); }, (isNaN(seconds) ? 2 : Math.min(seconds, 30)) * 1000);
          return;
        }
        case 'key_spent':
          forget(purchase);
          showError('This key has already been used for another answer. Run the query again for a new invoice.', null);
          return;
        case 'request_mismatch':
          showError('The server says the request differs from the one invoiced. Run the query again for a new invoice.', null);
          forget(purchase);
          return;
        case 'node_unavailable':
        case 'store_unavailable':
          showError((problem.code === 'node_unavailable' ? 'The Lightning node is unavailable right now.'
              : 'The server cannot reach its database right now.') + retryAfterText(problem)
              + ' Your payment is safe: retry in a moment.', function () { runPaid(run); });
          return;
        default:
          showError(describe(problem), function () { runPaid(run); });
      }
    }, function () {
      if (!run.finished) {
        showError('Cannot reach the PayQL server. Your payment is safe: retry in a moment.',
            function () { runPaid(run); });
      }
    });
  }

  function simulatePayment(run) {
    if (!run || !run.purchase) {
      return;
    }
    ui.simulate.disabled = true;
    request('POST', '/dev/pay', { body: JSON.stringify({ paymentRequest: run.purchase.paymentRequest }) })
        .then(function (answer) {
          ui.simulate.disabled = false;
          if (run.finished) {
            return;
          }
          if (answer.ok) {
            setStatus('Simulated payment sent; waiting for the node to confirm it…');
          } else {
            showError('The simulated payment failed: ' + describe(problemOf(answer)), null);
          }
        }, function () {
          ui.simulate.disabled = false;
          showError('Cannot reach the PayQL server to simulate the payment.', null);
        });
  }

  /* ---------- WebLN (ADR 0040) ---------- */

  function hasWebln() {
    return typeof window.webln === 'object' && window.webln !== null
        && typeof window.webln.enable === 'function' && typeof window.webln.sendPayment === 'function';
  }

  /*
   * Pays the shown invoice with the browser's WebLN wallet. The preimage it returns only says the
   * payment went out: the page neither keeps nor sends it (the key is the credential, ADR 0025), and
   * runs the query through the same path as a payment the long poll sees. The long poll keeps
   * watching meanwhile, so whichever sees the payment first runs it, once.
   */
  function payWithWebln(run) {
    if (!run || run.finished || !run.purchase || run.purchase.state !== 'AWAITING_PAYMENT' || !hasWebln()) {
      return;
    }
    var purchase = run.purchase;
    var stillWaiting = function () {
      return !run.finished && run.purchase === purchase && purchase.state === 'AWAITING_PAYMENT';
    };
    clearError();
    ui.webln.disabled = true;
    setStatus('Confirm the payment in your wallet…');
    Promise.resolve().then(function () {
      return window.webln.enable();
    }).then(function () {
      return window.webln.sendPayment(purchase.paymentRequest);
    }).then(function (result) {
      if (!stillWaiting()) {
        return;
      }
      if (!result || typeof result.preimage !== 'string' || !/^[0-9a-fA-F]{64}$/.test(result.preimage)) {
        weblnFailed('The wallet answered without a payment preimage.');
        return;
      }
      onPaid(run);
    }, function (failure) {
      if (stillWaiting()) {
        weblnFailed(failure && failure.message ? failure.message : String(failure));
      }
    });
  }

  /* The wallet refused or failed: say so, and leave the invoice, its QR code and the watch as they were. */
  function weblnFailed(reason) {
    showError('Your WebLN wallet did not pay: ' + reason + ' The invoice is still open: pay it another way'
        + ' or try the wallet again. If the payment went through after all, the query runs once it is seen.', null);
    setStatus('Waiting for payment…');
    ui.webln.disabled = false;
    ui.webln.focus();
  }

  /** Ends a run that another run replaces or the user closes. */
  function abandon(run, tellGraphiql) {
    if (run.finished) {
      return;
    }
    if (tellGraphiql) {
      var paid = run.purchase && run.purchase.state !== 'AWAITING_PAYMENT';
      finish(run, {
        errors: [{
          message: paid
              ? 'Not run yet: the payment panel was closed. The invoice is paid; run the same query again to use it.'
              : 'Not run: the payment panel was closed before payment. Run the query again to continue.'
        }]
      });
    } else {
      run.finished = true;
      stopWatching(run);
    }
  }

  /* ---------- the purchases list, and resuming after a reload ---------- */

  function labelOf(body) {
    try {
      var parsed = JSON.parse(body);
      if (typeof parsed.operationName === 'string' && parsed.operationName) {
        return parsed.operationName;
      }
      var named = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(parsed.query || '');
      if (named) {
        return named[1];
      }
      var text = String(parsed.query || '').replace(/#.*$/gm, '').replace(/\s+/g, ' ').trim();
      return text.length > 40 ? text.slice(0, 40) + '…' : text;
    } catch (e) {
      return 'request';
    }
  }

  function stateText(purchase) {
    switch (purchase.state) {
      case 'AWAITING_PAYMENT': return 'waiting for payment';
      case 'PAID': return 'paid, not run yet';
      case 'FAILED': return 'paid, its run failed: run it again';
      default: return 'paid, running';
    }
  }

  function listButton(text, label, action) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', action);
    return button;
  }

  /* Every purchase the page holds, built with text nodes only: nothing from storage becomes markup. */
  function renderPurchases() {
    if (!ui.purchases) {
      return;
    }
    var usable = held.filter(isUsable).slice().sort(function (a, b) { return (b.createdAt || 0) - (a.createdAt || 0); });
    ui.purchaseList.textContent = '';
    usable.forEach(function (purchase) {
      var item = document.createElement('li');
      var name = document.createElement('span');
      name.className = 'pay-purchase-label';
      name.textContent = purchase.label || labelOf(purchase.body);
      var state = document.createElement('span');
      state.className = 'pay-purchase-state';
      state.textContent = stateText(purchase) + ' · ' + formatSats(purchase.value);
      var awaiting = purchase.state === 'AWAITING_PAYMENT';
      item.appendChild(name);
      item.appendChild(state);
      item.appendChild(listButton(awaiting ? 'Show invoice' : 'Run', (awaiting ? 'Show the invoice of ' : 'Run ')
          + name.textContent, function () { resume(purchase); }));
      item.appendChild(listButton('Forget', 'Forget ' + name.textContent, function () { forgetByHand(purchase); }));
      ui.purchaseList.appendChild(item);
    });
    ui.purchases.hidden = usable.length === 0;
  }

  function forgetByHand(purchase) {
    if (purchase.state !== 'AWAITING_PAYMENT'
        && !window.confirm('This purchase is paid and its query has not run. Forget its key anyway? It cannot be recovered.')) {
      return;
    }
    if (current && current.purchase && current.purchase.key === purchase.key) {
      closePanel();
      abandon(current, true);
    }
    forget(purchase);
  }

  function editor(selector) {
    var element = document.querySelector(selector);
    return element && element.CodeMirror ? element.CodeMirror : null;
  }

  /* GraphiQL renders asynchronously: wait for its editors (30 s at most) before touching them. */
  function whenEditorsReady(action) {
    var tries = 0;
    var check = function () {
      if (editor('.graphiql-query-editor .CodeMirror') && editor('.graphiql-response .CodeMirror')) {
        action();
      } else if (tries++ < 600) {
        setTimeout(check, 50);
      }
    };
    check();
  }

  /* A resumed run's answer goes to GraphiQL's result pane, where a run from the editor puts it. */
  var resultPane = {
    next: function (response) {
      var pane = editor('.graphiql-response .CodeMirror');
      if (pane) {
        pane.setValue(JSON.stringify(response, null, 2));
      }
    },
    complete: function () {}
  };

  /* Shows the purchase's own request in the editors, so the result matches what is on screen. */
  function showRequest(purchase) {
    var parsed;
    try {
      parsed = JSON.parse(purchase.body);
    } catch (e) {
      return;
    }
    var queryEditor = editor('.graphiql-query-editor .CodeMirror');
    if (queryEditor && queryEditor.getValue() !== parsed.query) {
      queryEditor.setValue(parsed.query);
    }
    var variablesEditor = editor('.graphiql-editor-tool .CodeMirror');
    if (variablesEditor && parsed.variables && Object.keys(parsed.variables).length > 0) {
      variablesEditor.setValue(JSON.stringify(parsed.variables, null, 2));
    }
  }

  /* Picks a held purchase up: its invoice again if unpaid, its run (or the replay of it) if paid. */
  function resume(purchase) {
    whenEditorsReady(function () {
      if (!findByKey(purchase.key) || !isUsable(purchase)) {
        return;
      }
      showRequest(purchase);
      if (current && !current.finished) {
        abandon(current, false);
      }
      var run = new Run(purchase.body, resultPane);
      current = run;
      openPanel();
      use(run, purchase);
    });
  }

  /* Asks the server what became of each held purchase; forgets those it no longer honours. */
  function reconcile() {
    return Promise.all(held.slice().map(function (purchase) {
      if (purchase.state === 'AWAITING_PAYMENT' && hasLapsed(purchase)) {
        forget(purchase);
        return null;
      }
      return request('GET', '/api/invoice/status', { key: purchase.key }).then(function (answer) {
        if (answer.ok && answer.json && typeof answer.json.state === 'string') {
          var state = answer.json.state.toUpperCase();
          if (LIVE_STATES.indexOf(state) >= 0) {
            setState(purchase, state);
          } else {
            forget(purchase); // expired or refunded
          }
        } else if (answer.status === 401 || answer.status === 410) {
          forget(purchase); // unknown to this server, or past its lifetime
        }
      }, function () {
        // offline: keep it as it was, and try again on the next load
      });
    }));
  }

  /* The newest purchase to resume by itself: not one that failed, nor one whose panel the user closed. */
  function purchaseToResume() {
    var candidates = held.filter(function (p) {
      return isUsable(p) && p.state !== 'FAILED' && !p.dismissed;
    }).sort(function (a, b) { return (b.createdAt || 0) - (a.createdAt || 0); });
    return candidates.length > 0 ? candidates[0] : null;
  }

  renderPurchases();
  reconcile().then(function () {
    var next = purchaseToResume();
    if (next) {
      resume(next);
    }
  });

  /* ---------- formatting ---------- */

  function formatUsd(price) {
    var n = Number(price);
    if (!isFinite(n)) {
      return '';
    }
    // micropayments are fractions of a cent: show enough digits to see them
    return '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: n < 1 ? 6 : 2 });
  }

  function formatSats(msat) {
    var n = Number(msat);
    if (!isFinite(n)) {
      return '';
    }
    var sats = n / 1000;
    return sats.toLocaleString('en-US', { maximumFractionDigits: 3 }) + (sats === 1 ? ' sat' : ' sats');
  }

  /* ---------- the panel ---------- */

  function setStatus(text, tone) {
    ui.status.textContent = text;
    ui.status.className = 'pay-status' + (tone ? ' ' + tone : '');
  }

  function resetView() {
    clearError();
    ui.invoice.hidden = true;
    ui.renew.hidden = true;
    ui.retry.hidden = true;
    ui.simulate.hidden = true;
    ui.webln.hidden = true;
    ui.copied.textContent = '';
    setStatus('');
  }

  var retryAction = null;

  function showError(text, retry) {
    ui.error.textContent = text;
    ui.error.hidden = false;
    setStatus('');
    retryAction = retry;
    ui.retry.hidden = !retry;
    if (retry) {
      ui.retry.focus();
    } else {
      ui.close.focus();
    }
  }

  function clearError() {
    ui.error.hidden = true;
    ui.error.textContent = '';
    ui.retry.hidden = true;
    retryAction = null;
  }

  function openPanel() {
    if (!ui.panel.hidden) {
      return;
    }
    resetView();
    ui.backdrop.hidden = false;
    ui.panel.hidden = false;
    ui.panel.focus();
  }

  function closePanel() {
    if (ui.panel.hidden) {
      return;
    }
    ui.panel.hidden = true;
    ui.backdrop.hidden = true;
    focusEditor();
  }

  function userClosesPanel() {
    var run = current;
    if (run && run.purchase && findByKey(run.purchase.key)) {
      // still held and listed, but not shown again by itself on the next load
      run.purchase.dismissed = true;
      saveHeld();
    }
    closePanel();
    if (run) {
      abandon(run, true);
    }
  }

  function focusEditor() {
    var editor = document.querySelector('.graphiql-query-editor .CodeMirror');
    if (editor && editor.CodeMirror) {
      editor.CodeMirror.focus();
    }
  }

  function focusable() {
    return Array.prototype.filter.call(
        ui.panel.querySelectorAll('button, a[href], textarea, input'),
        function (el) { return !el.disabled && el.offsetParent !== null; });
  }

  ui.panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      userClosesPanel();
      return;
    }
    if (event.key === 'Tab') {
      // keep keyboard focus inside the dialog while it is open (WAI-ARIA APG, modal dialog)
      var items = focusable();
      if (items.length === 0) {
        return;
      }
      var first = items[0];
      var last = items[items.length - 1];
      if (event.shiftKey && (document.activeElement === first || document.activeElement === ui.panel)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  ui.backdrop.addEventListener('click', userClosesPanel);
  ui.close.addEventListener('click', userClosesPanel);
  ui.renew.addEventListener('click', function () {
    if (current && !current.finished) {
      requestInvoice(current);
    }
  });
  ui.retry.addEventListener('click', function () {
    var action = retryAction;
    clearError();
    if (action) {
      action();
    }
  });
  ui.simulate.addEventListener('click', function () {
    simulatePayment(current);
  });
  ui.webln.addEventListener('click', function () {
    payWithWebln(current);
  });
  ui.copy.addEventListener('click', function () {
    var text = ui.bolt11.value;
    var done = function () { ui.copied.textContent = 'Copied'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { copyBySelection(done); });
    } else {
      copyBySelection(done);
    }
  });

  function copyBySelection(done) {
    // plain-HTTP pages have no Clipboard API: fall back to selecting the text for the user
    ui.bolt11.focus();
    ui.bolt11.select();
    try {
      if (document.execCommand('copy')) {
        done();
        return;
      }
    } catch (e) {
      // fall through to the hint
    }
    ui.copied.textContent = 'Selected: press Ctrl+C to copy';
  }

  /* ---------- GraphiQL ---------- */

  var root = ReactDOM.createRoot(byId('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: DEFAULT_QUERY,
    isHeadersEditorEnabled: false,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'variables'
  }, React.createElement(GraphiQL.Logo, null, 'PayQL')));
})();
