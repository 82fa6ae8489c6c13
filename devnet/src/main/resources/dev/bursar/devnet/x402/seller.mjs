// An x402 v2 resource server on 127.0.0.1 built from the reference packages (@x402/express paymentMiddleware,
// @x402/core HTTPFacilitatorClient, @x402/evm ExactEvmScheme). Run by dev.bursar.devnet.x402.X402Seller.
//
//   node seller.mjs <facilitatorUrl> <network> <asset> <assetName> <assetVersion> <amount> <payTo> [port]
//
// GET /paid costs <amount> base units of the EIP-3009 token <asset> (EIP-712 domain <assetName>/<assetVersion>) paid
// to <payTo> on <network> (CAIP-2, eip155:<chainId>) and answers {"data":"paid content"}; GET /free answers
// {"data":"free content"}. Prints one JSON line {"port":N} on stdout once listening.
import express from 'express';
import { paymentMiddleware, x402ResourceServer } from '@x402/express';
import { HTTPFacilitatorClient } from '@x402/core/server';
import { ExactEvmScheme } from '@x402/evm/exact/server';

function fail(message) {
  process.stderr.write('seller: ' + message + '\n');
  process.exit(2);
}

const [facilitatorUrl, network, asset, assetName, assetVersion, amount, payTo, portText = '0'] = process.argv.slice(2);
if (!facilitatorUrl || !/^eip155:\d+$/.test(network ?? '') || !/^0x[0-9a-fA-F]{40}$/.test(asset ?? '')
    || !assetName || !assetVersion || !/^[1-9]\d*$/.test(amount ?? '') || !/^0x[0-9a-fA-F]{40}$/.test(payTo ?? '')
    || !/^\d+$/.test(portText)) {
  fail('usage: node seller.mjs <facilitatorUrl> <network eip155:N> <asset 0x..> <assetName> <assetVersion> '
    + '<amount in base units> <payTo 0x..> [port]');
}

const resourceServer = new x402ResourceServer(new HTTPFacilitatorClient({ url: facilitatorUrl }))
  .register(network, new ExactEvmScheme());

const routes = {
  'GET /paid': {
    accepts: [{
      scheme: 'exact',
      network,
      payTo,
      price: { amount, asset, extra: { name: assetName, version: assetVersion } },
    }],
    description: 'Bursar devnet paid resource',
    mimeType: 'application/json',
  },
};

const app = express();
app.use(paymentMiddleware(routes, resourceServer));
app.get('/paid', (req, res) => res.json({ data: 'paid content' }));
app.get('/free', (req, res) => res.json({ data: 'free content' }));

const server = app.listen(Number(portText), '127.0.0.1');
server.on('listening', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
server.on('error', (error) => fail('cannot listen on 127.0.0.1:' + portText + ': ' + error.message));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
