// Buys a resource from an L402 server with Alby's fetchWithL402 (@getalby/lightning-tools 9.0.1), paying through
// an LND node's REST API, then fetches it again with the credentials Alby returned (its reuse API: no new payment).
// Usage: node alby-fetch.mjs <url>
//   env LND_REST=https://127.0.0.1:<port>  LND_TLS_CERT=<tls.cert>  LND_MACAROON=<admin.macaroon path>
// Prints one JSON line: statuses, bodies, what Alby reports as paid, how often the wallet paid. Never the
// preimage, the macaroon or the credentials.
import { fetchWithL402 } from "@getalby/lightning-tools/402/l402";
import { readFileSync } from "node:fs";
import { request } from "node:https";

const url = process.argv[2];
const rest = new URL(process.env.LND_REST);
const ca = readFileSync(process.env.LND_TLS_CERT);
const macaroonHex = readFileSync(process.env.LND_MACAROON).toString("hex");

function lndPost(path, body) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request({
      host: rest.hostname, port: rest.port, path, method: "POST", ca,
      headers: { "Grpc-Metadata-macaroon": macaroonHex, "Content-Type": "application/json",
                 "Content-Length": Buffer.byteLength(payload) },
    }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => res.statusCode === 200 ? resolve(JSON.parse(text))
          : reject(new Error(`LND ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`)));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

let payments = 0;
const wallet = {
  // Alby 9.x's wallet interface (NWC-style): payInvoice({invoice}) -> {preimage}
  async payInvoice({ invoice }) {
    payments++;
    const sent = await lndPost("/v1/channels/transactions", { payment_request: invoice, fee_limit: { fixed: 100 } });
    if (sent.payment_error) {
      throw new Error(`LND could not pay: ${sent.payment_error}`);
    }
    return { preimage: Buffer.from(sent.payment_preimage, "base64").toString("hex") };
  },
};

const first = await fetchWithL402(url, {}, { wallet });
const firstBody = await first.text();
const result = {
  first: { status: first.status, body: firstBody, paid: first.payment?.paid ?? false, amountSat: first.payment?.amountSat ?? 0,
           scheme: first.payment?.credentials?.value.split(" ")[0] ?? null },
  paymentsAfterFirst: payments,
};
if (first.payment?.credentials) {
  const second = await fetchWithL402(url, {}, { wallet, credentials: first.payment.credentials });
  result.second = { status: second.status, body: await second.text(), paid: second.payment?.paid ?? false };
}
result.payments = payments;
console.log(JSON.stringify(result));
