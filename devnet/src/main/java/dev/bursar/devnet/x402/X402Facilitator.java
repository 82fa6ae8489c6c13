package dev.bursar.devnet.x402;

import dev.bursar.devnet.node.NodeScript;
import dev.bursar.devnet.node.NodeServer;

import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.AnvilNode;
import dev.bursar.devnet.evm.DevAccount;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The x402 reference facilitator ({@code @x402/core} {@code x402Facilitator} with {@code @x402/evm}'s exact scheme,
 * 2.27.0) on a free 127.0.0.1 port, answering {@code POST /verify}, {@code POST /settle} and {@code GET /supported}
 * for {@code eip155:<chainId>} of the devnet's anvil; it settles EIP-3009 authorizations by sending
 * {@code transferWithAuthorization} from a dev account, which pays the gas. {@link #close()} stops it.
 */
public final class X402Facilitator implements AutoCloseable {

    private final NodeServer server;

    private X402Facilitator(NodeServer server) {
        this.server = server;
    }

    /**
     * Starts a facilitator on {@code devnet}'s EVM node whose settlement transactions {@code signer} sends; its key
     * reaches the script through the environment only.
     */
    public static X402Facilitator start(Devnet devnet, DevAccount signer) {
        AnvilNode evm = devnet.evm();
        NodeScript scripts = NodeScript.install(devnet.npm().nodeModules(), devnet.workDir().resolve("x402"), "/dev/bursar/devnet/x402/", "facilitator.mjs");
        return new X402Facilitator(NodeServer.start("x402-facilitator", scripts,
                List.of(evm.rpcUrl().toString(), Long.toString(evm.chainId())),
                Map.of("X402_FACILITATOR_KEY", signer.privateKey())));
    }

    /** The facilitator's base URL, such as {@code http://127.0.0.1:41234}, for {@code HTTPFacilitatorClient}. */
    public URI url() {
        return server.url();
    }

    /** The address that sends settlement transactions (listed under {@code signers} in {@code GET /supported}). */
    public String signerAddress() {
        return server.ready().path("address").asText();
    }

    /** The facilitator's output: each verify and settle result, and any error. */
    public Path log() {
        return server.process().log();
    }

    @Override
    public void close() {
        server.close();
    }
}
