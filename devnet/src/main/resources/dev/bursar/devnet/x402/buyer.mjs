// An x402 v2 paying client built from the reference packages (@x402/fetch wrapFetchWithPayment with the @x402/evm
// exact client scheme over a viem account). Run by dev.bursar.devnet.x402.X402Buyer.
//
//   node buyer.mjs <url> <network> <asset> <maxAmount>   env X402_BUYER_KEY: the 0x-hex key that signs the authorization
//
// GETs <url> once, paying a 402 with an exact/EIP-3009 authorization on <network> (CAIP-2 eip155:<chainId>) in
// <asset> only, at most <maxAmount> base units (the client's spendControls: by default @x402/core 2.27 pays only its
// built-in assets such as Base USDC, so a devnet token must be allowed by address). Prints one JSON line
// {"status":N,"body":"...","paymentResponse":{...}|null} on stdout and exits 0, whatever the status; on failure it
// prints a message on stderr and exits non-zero. The key is never printed.
import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from '@x402/fetch';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { privateKeyToAccount } from 'viem/accounts';

function fail(message, code = 2) {
  process.stderr.write('buyer: ' + message + '\n');
  process.exit(code);
}

const [url, network, asset, maxAmount] = process.argv.slice(2);
if (!/^https?:\/\//.test(url ?? '') || !/^eip155:\d+$/.test(network ?? '') || !/^0x[0-9a-fA-F]{40}$/.test(asset ?? '')
    || !/^\d+$/.test(maxAmount ?? '')) {
  fail('usage: node buyer.mjs <url> <network eip155:N> <asset 0x..> <maxAmount in base units> (key in env X402_BUYER_KEY)');
}
const key = process.env.X402_BUYER_KEY;
if (!/^0x[0-9a-fA-F]{64}$/.test(key ?? '')) {
  fail('X402_BUYER_KEY must hold a 0x-prefixed 32-byte hex private key');
}
delete process.env.X402_BUYER_KEY;

const account = privateKeyToAccount(key);
const client = new x402Client()
  .register(network, new ExactEvmScheme(account))
  .setSpendControls({ allowedAssets: [{ network, asset, maxAmountPerPayment: maxAmount }] });
const fetchWithPayment = wrapFetchWithPayment(fetch, client);

try {
  const response = await fetchWithPayment(url, { method: 'GET' });
  const body = await response.text();
  const header = response.headers.get('PAYMENT-RESPONSE') ?? response.headers.get('X-PAYMENT-RESPONSE');
  let paymentResponse = null;
  if (header) {
    try {
      paymentResponse = decodePaymentResponseHeader(header);
    } catch (error) {
      fail('the PAYMENT-RESPONSE header is not base64 JSON: ' + error.message, 1);
    }
  }
  process.stdout.write(JSON.stringify({ status: response.status, body, paymentResponse }) + '\n');
} catch (error) {
  fail('GET ' + url + ' failed: ' + (error instanceof Error ? error.message : String(error)), 1);
}
