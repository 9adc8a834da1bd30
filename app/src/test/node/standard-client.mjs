// Drives PayQL with clients nobody at PayQL wrote: Alby's @getalby/lightning-tools (fetch402 and
// each scheme's own fetch) and js-macaroon. The wallet pays through the simulated node's /dev/pay
// and returns the real preimage. Every command prints one JSON object on stdout.
//
//   node standard-client.mjs buy     <baseUrl> <fetch402|l402|mpp|x402> <body>
//   node standard-client.mjs present <baseUrl> <fetch402|l402|mpp|x402> <body> <credentials JSON>
//   node standard-client.mjs narrow  <macaroon base64> <caveat>
//   node standard-client.mjs drop-last-caveat <macaroon base64>
import { fetch402, fetchWithL402, fetchWithMpp, fetchWithX402 } from "@getalby/lightning-tools/402";
import macaroon from "macaroon";

const [command, ...args] = process.argv.slice(2);
const fetchers = { fetch402, l402: fetchWithL402, mpp: fetchWithMpp, x402: fetchWithX402 };

function wallet(baseUrl) {
  return {
    payments: 0,
    async payInvoice({ invoice }) {
      this.payments++;
      const answer = await fetch(`${baseUrl}/dev/pay`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ paymentRequest: invoice }),
      });
      if (!answer.ok) throw new Error(`/dev/pay answered ${answer.status}: ${await answer.text()}`);
      return { preimage: (await answer.json()).preimage };
    },
  };
}

async function call(baseUrl, scheme, body, credentials) {
  const paying = wallet(baseUrl);
  const options = credentials ? { wallet: paying, credentials } : { wallet: paying };
  const response = await fetchers[scheme](`${baseUrl}/graphql`,
    { method: "POST", headers: { "Content-Type": "application/json" }, body }, options);
  return {
    status: response.status,
    body: await response.text(),
    replay: response.headers.get("PayQL-Replay"),
    receipt: response.headers.get("Payment-Receipt"),
    paymentResponse: response.headers.get("PAYMENT-RESPONSE"),
    walletPayments: paying.payments,
    paid: response.payment?.paid ?? false,
    preimage: response.payment?.preimage ?? null,
    credentials: response.payment?.credentials ?? null,
  };
}

// js-macaroon 3.0.4's exportBinary cannot write a macaroon of more than 200 bytes (its ByteBuffer
// never records a grown capacity and doubles until it throws), and PayQL's L402 macaroons are longer.
// So its JSON export, whose fields and signature are js-macaroon's own, is written here in the v2
// binary framing: 0x02, [location] identifier EOS, per caveat [location] identifier [vid] EOS, EOS,
// signature; each field a type byte, a varint length and the bytes.
function exportBase64(m) {
  const json = m.exportJSON();
  const bytes = [2];
  const field = (type, data) => {
    bytes.push(type);
    let n = data.length;
    while (n >= 0x80) { bytes.push((n & 0x7f) | 0x80); n >>>= 7; }
    bytes.push(n);
    bytes.push(...data);
  };
  const value = (object, key) => object[key] !== undefined ? new TextEncoder().encode(object[key])
    : object[key + "64"] !== undefined ? macaroon.base64ToBytes(object[key + "64"]) : null;
  if (json.l) field(1, new TextEncoder().encode(json.l));
  field(2, value(json, "i"));
  bytes.push(0);
  for (const caveat of json.c ?? []) {
    if (caveat.l) field(1, new TextEncoder().encode(caveat.l));
    field(2, value(caveat, "i"));
    const vid = value(caveat, "v");
    if (vid) field(4, vid);
    bytes.push(0);
  }
  bytes.push(0);
  field(6, value(json, "s"));
  return macaroon.bytesToBase64(Uint8Array.from(bytes));
}

let result;
switch (command) {
  case "buy":
    result = await call(args[0], args[1], args[2], null);
    break;
  case "present":
    result = await call(args[0], args[1], args[2], JSON.parse(args[3]));
    break;
  case "narrow": {
    const m = macaroon.importMacaroon(args[0]);
    m.addFirstPartyCaveat(new TextEncoder().encode(args[1]));
    result = { macaroon: exportBase64(m) };
    break;
  }
  case "drop-last-caveat": {
    const json = macaroon.importMacaroon(args[0]).exportJSON();
    json.c = json.c.slice(0, -1);
    result = { macaroon: exportBase64(macaroon.importMacaroon(json)) };
    break;
  }
  default:
    throw new Error(`unknown command ${command}`);
}
process.stdout.write(JSON.stringify(result) + "\n");
