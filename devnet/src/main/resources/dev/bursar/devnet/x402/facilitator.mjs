// An x402 v2 facilitator on 127.0.0.1 built from the reference packages (@x402/core x402Facilitator + @x402/evm
// ExactEvmScheme), settling EIP-3009 authorizations on the devnet's anvil. Run by dev.bursar.devnet.x402.X402Facilitator.
//
//   node facilitator.mjs <rpcUrl> <chainId> [port]        env X402_FACILITATOR_KEY: the 0x-hex key that pays settlement gas
//
// Serves POST /verify, POST /settle and GET /supported (as examples/typescript/facilitator/basic in x402), then prints
// one JSON line {"port":N,"address":"0x..."} on stdout. The key is never printed.
import express from 'express';
import { x402Facilitator } from '@x402/core/facilitator';
import { toFacilitatorEvmSigner } from '@x402/evm';
import { ExactEvmScheme } from '@x402/evm/exact/facilitator';
import { createWalletClient, defineChain, http, publicActions } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

function fail(message) {
  process.stderr.write('facilitator: ' + message + '\n');
  process.exit(2);
}

const [rpcUrl, chainIdText, portText = '0'] = process.argv.slice(2);
if (!rpcUrl || !/^\d+$/.test(chainIdText ?? '') || !/^\d+$/.test(portText)) {
  fail('usage: node facilitator.mjs <rpcUrl> <chainId> [port] (key in env X402_FACILITATOR_KEY)');
}
const key = process.env.X402_FACILITATOR_KEY;
if (!/^0x[0-9a-fA-F]{64}$/.test(key ?? '')) {
  fail('X402_FACILITATOR_KEY must hold a 0x-prefixed 32-byte hex private key');
}
delete process.env.X402_FACILITATOR_KEY;

const chainId = Number(chainIdText);
const network = `eip155:${chainId}`;
const chain = defineChain({
  id: chainId,
  name: 'Bursar devnet',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});
const account = privateKeyToAccount(key);
const client = createWalletClient({ account, chain, transport: http(rpcUrl) }).extend(publicActions);

const signer = toFacilitatorEvmSigner({
  address: account.address,
  getCode: (args) => client.getCode(args),
  readContract: (args) => client.readContract({ ...args, args: args.args || [] }),
  verifyTypedData: (args) => client.verifyTypedData(args),
  writeContract: (args) => client.writeContract({ ...args, args: args.args || [] }),
  sendTransaction: (args) => client.sendTransaction(args),
  waitForTransactionReceipt: (args) => client.waitForTransactionReceipt(args),
}, { confirmationTimeoutMs: 60_000 });

const facilitator = new x402Facilitator().register(network, new ExactEvmScheme(signer));

const app = express();
app.use(express.json());

function requireBody(req, res) {
  const { paymentPayload, paymentRequirements } = req.body ?? {};
  if (!paymentPayload || !paymentRequirements) {
    res.status(400).json({ error: 'Missing paymentPayload or paymentRequirements' });
    return null;
  }
  return { paymentPayload, paymentRequirements };
}

app.post('/verify', async (req, res) => {
  const body = requireBody(req, res);
  if (!body) return;
  try {
    const result = await facilitator.verify(body.paymentPayload, body.paymentRequirements);
    process.stderr.write('verify: ' + JSON.stringify(result) + '\n');
    res.json(result);
  } catch (error) {
    process.stderr.write('verify error: ' + (error?.stack ?? error) + '\n');
    res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
  }
});

app.post('/settle', async (req, res) => {
  const body = requireBody(req, res);
  if (!body) return;
  try {
    const result = await facilitator.settle(body.paymentPayload, body.paymentRequirements);
    process.stderr.write('settle: ' + JSON.stringify(result) + '\n');
    res.json(result);
  } catch (error) {
    process.stderr.write('settle error: ' + (error?.stack ?? error) + '\n');
    if (error instanceof Error && error.message.includes('Settlement aborted:')) {
      res.json({ success: false, errorReason: error.message.replace('Settlement aborted: ', ''),
        network: body.paymentPayload?.accepted?.network ?? network, transaction: '' });
      return;
    }
    res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
  }
});

app.get('/supported', (req, res) => {
  res.json(facilitator.getSupported());
});

const server = app.listen(Number(portText), '127.0.0.1');
server.on('listening', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port, address: account.address }) + '\n');
});
server.on('error', (error) => fail('cannot listen on 127.0.0.1:' + portText + ': ' + error.message));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
