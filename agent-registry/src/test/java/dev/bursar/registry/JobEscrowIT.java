package dev.bursar.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.registry.escrow.CreatedJob;
import dev.bursar.registry.escrow.Job;
import dev.bursar.registry.escrow.JobEscrowClient;
import dev.bursar.registry.escrow.JobStatus;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job escrow on the devnet's anvil, driven through the guarded wallet: the happy path, and every way a party
 * might try to take money it is not owed (twice, late, out of turn, from a race, with a token that shrinks in transit).
 */
@WithDevnet({Component.EVM})
class JobEscrowIT {

    private static final byte[] SPEC = Hash.sha3("translate the README into French".getBytes(StandardCharsets.UTF_8));
    private static final byte[] RESULT = Hash.sha3("le README en français".getBytes(StandardCharsets.UTF_8));
    private static final byte[] REASON = new byte[32];

    @TempDir
    Path dir;

    private Web3j web3j;
    private Anvil anvil;
    private Asset.Erc20Token dusd;
    private EvmAddress escrowAddress;
    private final List<Party> parties = new ArrayList<>();
    private Party client;
    private Party provider;
    private Party evaluator;
    private Party stranger;

    @BeforeEach
    void setUp(Devnet devnet) {
        web3j = Web3j.build(new HttpService(devnet.evm().rpcUrl().toString()));
        anvil = new Anvil(devnet);
        escrowAddress = EvmAddress.of(devnet.contracts().get("JobEscrow"));
        Party probe = party(devnet, "probe", 1, List.of());
        dusd = probe.rail.token(EvmAddress.of(devnet.contracts().get("DevToken")));
        client = party(devnet, "client", 1, List.of(dusd));
        provider = party(devnet, "provider", 2, List.of(dusd));
        evaluator = party(devnet, "evaluator", 3, List.of(dusd));
        stranger = party(devnet, "stranger", 4, List.of(dusd));
    }

    @AfterEach
    void tearDown() {
        parties.forEach(Party::close);
        web3j.shutdown();
    }

    private Party party(Devnet devnet, String name, int account, List<Asset.Erc20Token> tokens) {
        Party p = new Party(name, devnet, account, web3j, dir, tokens);
        parties.add(p);
        return p;
    }

    private JobEscrowClient escrow(Party as) {
        return new JobEscrowClient(web3j, escrowAddress, as.sender);
    }

    private Amount dusd(String amount) {
        return Amount.of(dusd, amount);
    }

    private BigInteger balance(Party who) {
        return anvil.tokenBalance(dusd.contract().value(), who.address().value());
    }

    private Instant inAnHour() {
        return Instant.ofEpochSecond(anvil.now() + 3600);
    }

    private CreatedJob openJob(Optional<EvmAddress> judge, Instant deadline) {
        return escrow(client).createJob(provider.address(), judge, dusd("25"), deadline, SPEC);
    }

    private static void assertRefused(Runnable call, String error) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ContractRevertedException.class,
                e -> assertThat(e.errorName()).as(e.getMessage()).isEqualTo(error)).hasMessageContaining("nothing was sent");
    }

    @Test
    void paysTheProviderOnceTheClientAcceptsTheResult() {
        BigInteger clientBefore = balance(client);
        BigInteger providerBefore = balance(provider);
        CreatedJob created = openJob(Optional.empty(), inAnHour());

        Job funded = escrow(client).job(created.id());
        assertThat(funded.status()).isEqualTo(JobStatus.FUNDED);
        assertThat(funded.client()).isEqualTo(client.address());
        assertThat(funded.evaluator()).as("the client judges unless an evaluator is named").isEqualTo(client.address());
        assertThat(funded.amount()).isEqualTo(dusd("25"));
        assertThat(balance(client)).isEqualTo(clientBefore.subtract(dusd("25").units()));

        var submitted = escrow(provider).submit(created.id(), RESULT);
        assertThat(escrow(client).job(created.id()).resultHash()).contains(org.web3j.utils.Numeric.toHexString(RESULT));
        var completed = escrow(client).complete(created.id(), REASON);

        assertThat(escrow(client).job(created.id()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(balance(provider)).isEqualTo(providerBefore.add(dusd("25").units()));
        System.out.printf("[gas] JobEscrow: approve %s, createJob %s, submit %s, complete %s%n", created.approval().gasUsed(),
                created.creation().gasUsed(), submitted.gasUsed(), completed.gasUsed());
    }

    @Test
    void aJobIsCompletedAtMostOnce() {
        CreatedJob job = openJob(Optional.empty(), inAnHour());
        escrow(provider).submit(job.id(), RESULT);
        escrow(client).complete(job.id(), REASON);
        BigInteger providerAfterFirst = balance(provider);

        assertRefused(() -> escrow(client).complete(job.id(), REASON), "InvalidStatus");
        assertRefused(() -> escrow(client).reject(job.id(), REASON), "InvalidStatus");
        assertRefused(() -> escrow(stranger).claimRefund(job.id()), "InvalidStatus");
        assertThat(balance(provider)).isEqualTo(providerAfterFirst);
    }

    @Test
    void theProviderCannotSubmitAfterTheDeadlineAndAnyoneCanThenRefundTheClient() {
        BigInteger clientBefore = balance(client);
        CreatedJob job = openJob(Optional.empty(), Instant.ofEpochSecond(anvil.now() + 60));
        assertRefused(() -> escrow(stranger).claimRefund(job.id()), "DeadlineNotPassed");

        anvil.advance(Duration.ofSeconds(120));
        assertRefused(() -> escrow(provider).submit(job.id(), RESULT), "DeadlinePassed");

        escrow(stranger).claimRefund(job.id());
        assertThat(escrow(client).job(job.id()).status()).isEqualTo(JobStatus.REFUNDED);
        assertThat(balance(client)).isEqualTo(clientBefore);
        assertRefused(() -> escrow(stranger).claimRefund(job.id()), "InvalidStatus");
        assertRefused(() -> escrow(client).complete(job.id(), REASON), "InvalidStatus");
    }

    @Test
    void aRefundAndACompletionRacingInOneBlockSettleTheJobOnce() {
        CreatedJob job = openJob(Optional.empty(), Instant.ofEpochSecond(anvil.now() + 60));
        escrow(provider).submit(job.id(), RESULT);
        anvil.advance(Duration.ofSeconds(120)); // submitted in time, judged late: both paths are open now
        BigInteger clientBefore = balance(client);
        BigInteger providerBefore = balance(provider);
        BigInteger escrowBefore = anvil.tokenBalance(dusd.contract().value(), escrowAddress.value());

        String complete = FunctionEncoder.encode(new Function("complete", List.of(new Uint256(job.id()), new Bytes32(REASON)), List.of()));
        String refund = FunctionEncoder.encode(new Function("claimRefund", List.of(new Uint256(job.id())), List.of()));
        anvil.automine(false);
        List<String> hashes;
        try {
            hashes = List.of(anvil.sendRaw(stranger.account.address(), escrowAddress.value(), refund),
                    anvil.sendRaw(client.account.address(), escrowAddress.value(), complete));
            anvil.mine();
        } finally {
            anvil.automine(true);
        }
        List<JsonNode> receipts = hashes.stream().map(anvil::receipt).toList();
        assertThat(receipts.get(0).get("blockNumber")).as("both in one block").isEqualTo(receipts.get(1).get("blockNumber"));
        assertThat(receipts.stream().filter(r -> "0x1".equals(r.get("status").asText())).count()).as("exactly one wins").isOne();

        BigInteger paidOut = balance(client).subtract(clientBefore).add(balance(provider).subtract(providerBefore));
        assertThat(paidOut).isEqualTo(dusd("25").units());
        assertThat(anvil.tokenBalance(dusd.contract().value(), escrowAddress.value())).isEqualTo(escrowBefore.subtract(dusd("25").units()));
        assertThat(escrow(client).job(job.id()).status()).isIn(JobStatus.REFUNDED, JobStatus.COMPLETED);
    }

    @Test
    void everyStepRefusesTheWrongCaller() {
        CreatedJob job = openJob(Optional.of(evaluator.address()), inAnHour());
        assertRefused(() -> escrow(client).submit(job.id(), RESULT), "NotProvider");
        assertRefused(() -> escrow(stranger).submit(job.id(), RESULT), "NotProvider");
        escrow(provider).submit(job.id(), RESULT);

        assertRefused(() -> escrow(client).complete(job.id(), REASON), "NotEvaluator");
        assertRefused(() -> escrow(provider).complete(job.id(), REASON), "NotEvaluator");
        assertRefused(() -> escrow(stranger).complete(job.id(), REASON), "NotEvaluator");
        assertRefused(() -> escrow(provider).reject(job.id(), REASON), "NotEvaluator");
        assertRefused(() -> escrow(client).reject(job.id(), REASON), "NotEvaluator");
        assertRefused(() -> escrow(stranger).claimRefund(job.id()), "DeadlineNotPassed");
        assertRefused(() -> escrow(provider).submit(job.id(), RESULT), "InvalidStatus");

        BigInteger clientBefore = balance(client);
        escrow(evaluator).reject(job.id(), REASON);
        assertThat(escrow(client).job(job.id()).status()).isEqualTo(JobStatus.REJECTED);
        assertThat(balance(client)).as("a rejection refunds the client").isEqualTo(clientBefore.add(dusd("25").units()));
        assertRefused(() -> escrow(stranger).submit(BigInteger.valueOf(1_000_000), RESULT), "JobNotFound");
    }

    @Test
    void aTokenThatShrinksInTransitIsRefusedAndNothingIsHeld(Devnet devnet) {
        String fot = anvil.deploy(client.account.address(), "FeeOnTransferToken",
                Anvil.word(client.account.address()) + Anvil.word(BigInteger.TEN.pow(12)));
        Asset.Erc20Token token = client.rail.token(EvmAddress.of(fot));
        Party payer = party(devnet, "fot-client", 1, List.of(token));
        JobEscrowClient escrow = new JobEscrowClient(web3j, escrowAddress, payer.sender);

        assertThatThrownBy(() -> escrow.createJob(provider.address(), Optional.empty(), Amount.of(token, "100"), inAnHour(), SPEC))
                .isInstanceOfSatisfying(ContractRevertedException.class, e -> assertThat(e.errorName()).isEqualTo("UnsupportedToken"))
                .hasMessageContaining("fee-on-transfer");
        assertThat(anvil.tokenBalance(fot, escrowAddress.value())).isZero();
    }

    @Test
    void aTokenThatCallsBackWhilePaidOutCannotReenterTheEscrow(Devnet devnet) {
        String re = anvil.deploy(client.account.address(), "ReentrantToken",
                Anvil.word(client.account.address()) + Anvil.word(BigInteger.TEN.pow(12)));
        Asset.Erc20Token token = client.rail.token(EvmAddress.of(re));
        Party payer = party(devnet, "re-client", 1, List.of(token));
        BigInteger before = anvil.tokenBalance(re, payer.address().value());
        CreatedJob job = new JobEscrowClient(web3j, escrowAddress, payer.sender)
                .createJob(provider.address(), Optional.empty(), Amount.ofUnits(token, 10_000), Instant.ofEpochSecond(anvil.now() + 60), SPEC);
        anvil.advance(Duration.ofSeconds(120));

        String refund = FunctionEncoder.encode(new Function("claimRefund", List.of(new Uint256(job.id())), List.of()));
        String arm = FunctionEncoder.encode(new Function("arm", List.of(new org.web3j.abi.datatypes.Address(escrowAddress.lowerCase()),
                new org.web3j.abi.datatypes.DynamicBytes(org.web3j.utils.Numeric.hexStringToByteArray(refund))), List.of()));
        anvil.receipt(anvil.sendRaw(stranger.account.address(), re, arm));
        assertRefused(() -> escrow(stranger).claimRefund(job.id()), "ReentrancyGuardReentrantCall");
        assertThat(escrow(stranger).job(job.id()).status()).isEqualTo(JobStatus.FUNDED);

        String disarm = FunctionEncoder.encode(new Function("arm", List.of(new org.web3j.abi.datatypes.Address("0x0"),
                new org.web3j.abi.datatypes.DynamicBytes(new byte[0])), List.of()));
        anvil.receipt(anvil.sendRaw(stranger.account.address(), re, disarm));
        escrow(stranger).claimRefund(job.id());
        assertThat(anvil.tokenBalance(re, payer.address().value())).as("refunded exactly once").isEqualTo(before);
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSigned() {
        long nonce = client.rail.nonces().peekNext();
        assertThatThrownBy(() -> escrow(client).createJob(provider.address(), Optional.empty(), dusd("1"),
                Instant.ofEpochSecond(anvil.now() - 1), SPEC)).hasMessageContaining("not after the chain's block time");
        assertThatThrownBy(() -> escrow(client).createJob(client.address(), Optional.empty(), dusd("1"), inAnHour(), SPEC))
                .hasMessageContaining("is the client itself");
        assertThat(client.rail.nonces().peekNext()).isEqualTo(nonce);
    }
}
