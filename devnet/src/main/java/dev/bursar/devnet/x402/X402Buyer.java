package dev.bursar.devnet.x402;

import dev.bursar.devnet.node.NodeScript;
import dev.bursar.devnet.node.NodeServer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.evm.DevAccount;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The x402 reference client ({@code @x402/fetch} {@code wrapFetchWithPayment} with {@code @x402/evm}'s exact client
 * scheme over a viem account, 2.27.0) paying from a dev account: each {@link #get} runs the script once, which GETs a
 * URL, answers a 402 with a signed EIP-3009 authorization and reports the final response.
 */
public final class X402Buyer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final Devnet devnet;
    private final DevAccount payer;

    private X402Buyer(Devnet devnet, DevAccount payer) {
        this.devnet = devnet;
        this.payer = payer;
    }

    /** A buyer on {@code devnet}'s chain that signs with {@code payer}'s key (passed to node through the environment). */
    public static X402Buyer of(Devnet devnet, DevAccount payer) {
        return new X402Buyer(Objects.requireNonNull(devnet, "devnet"), Objects.requireNonNull(payer, "payer"));
    }

    /**
     * GETs {@code url} once, paying a 402 only in {@code asset} on the devnet's chain and only up to {@code maxAmount}
     * base units (the client's spend controls).
     *
     * @return the final status, body and decoded {@code PAYMENT-RESPONSE}; a refused payment is a result, not an error
     * @throws DevnetException if the client fails (no acceptable offer, unreachable URL, malformed response header)
     */
    public Result get(URI url, String asset, BigInteger maxAmount) {
        NodeScript scripts = NodeScript.install(devnet.npm().nodeModules(), devnet.workDir().resolve("x402"), "/dev/bursar/devnet/x402/", "buyer.mjs");
        try (ProcessSupervisor supervisor = new ProcessSupervisor(scripts.dir())) {
            ManagedProcess process = supervisor.start("x402-buyer", scripts.command(List.of(url.toString(),
                    "eip155:" + devnet.evm().chainId(), asset, maxAmount.toString())), scripts.dir(),
                    Map.of("X402_BUYER_KEY", payer.privateKey()));
            OptionalInt exit = process.awaitExit(RUN_TIMEOUT);
            if (exit.isEmpty()) {
                throw new DevnetException("the x402 buyer did not finish GET " + url + " within " + RUN_TIMEOUT.toSeconds()
                        + " s; its output so far (" + process.log() + "):\n" + process.tail(20));
            }
            if (exit.getAsInt() != 0) {
                throw new DevnetException("the x402 buyer failed (exit " + exit.getAsInt() + ") on GET " + url + ":\n"
                        + process.tail(20));
            }
            return parse(process);
        }
    }

    private static Result parse(ManagedProcess process) {
        try {
            for (String line : Files.readAllLines(process.log(), StandardCharsets.UTF_8)) {
                if (line.startsWith("{\"status\":")) {
                    return JSON.readValue(line, Result.class);
                }
            }
        } catch (IOException e) {
            throw new DevnetException("cannot read the x402 buyer's result from " + process.log() + ": " + e.getMessage(), e);
        }
        throw new DevnetException("the x402 buyer exited without its result line; its output:\n" + process.tail(20));
    }

    /**
     * What the buyer got.
     *
     * @param status the final HTTP status (200 once paid)
     * @param body the final response body as text
     * @param paymentResponse the decoded {@code PAYMENT-RESPONSE} header, or null if the response had none
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(int status, String body, PaymentResponse paymentResponse) {
    }

    /**
     * x402's SettlementResponse, as the seller sent it back.
     *
     * @param transaction the settlement transaction hash (empty if none was sent)
     * @param network the CAIP-2 network, such as {@code eip155:31337}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentResponse(boolean success, String transaction, String network, String payer, String errorReason) {
    }
}
