package dev.bursar.examples.dao;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.DevContracts;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The devnet DAO: a governance token (1,000,000 DDAO) and an OpenZeppelin Governor (voting delay 1 block, period 10
 * blocks, quorum 4 %) that is also the treasury, holding 10,000 dUSD and 5 ETH; proposals are made from the devnet's
 * second account, which holds 400,000 DDAO (undelegated).
 */
record DevnetDao(EthJsonRpc rpc, String deployer, String proposer, EvmAddress token, EvmAddress governor, EvmAddress treasury,
                 EvmAddress dusd, BigInteger treasuryDusd) {

    static final BigInteger E18 = BigInteger.TEN.pow(18);

    /** Deploys the DAO and funds its treasury from the devnet's first account. */
    static DevnetDao deploy(Devnet devnet) {
        EthJsonRpc rpc = devnet.evm().rpc();
        String deployer = devnet.evm().accounts().get(0).address();
        String proposer = devnet.evm().accounts().get(1).address();
        String dusd = devnet.contracts().get("DevToken");
        String token = create(rpc, deployer, "GovToken", Governance.uint(BigInteger.valueOf(1_000_000).multiply(E18)));
        String governor = create(rpc, deployer, "DaoGovernor", Numeric.cleanHexPrefix(Governance.address(EvmAddress.of(token)))
                + Governance.uint(BigInteger.ONE) + Governance.uint(BigInteger.TEN) + Governance.uint(BigInteger.valueOf(4)));
        return fund(rpc, deployer, proposer, token, governor, governor, dusd);
    }

    /**
     * The timelocked variant: a {@code TimelockController} (delay 1 s, the Governor its only proposer, anyone may execute)
     * executes passed proposals and holds the treasury.
     */
    static DevnetDao deployTimelocked(Devnet devnet) {
        EthJsonRpc rpc = devnet.evm().rpc();
        String deployer = devnet.evm().accounts().get(0).address();
        String proposer = devnet.evm().accounts().get(1).address();
        String dusd = devnet.contracts().get("DevToken");
        String token = create(rpc, deployer, "GovToken", Governance.uint(BigInteger.valueOf(1_000_000).multiply(E18)));
        // constructor(uint256 minDelay, address[] proposers, address[] executors, address admin): two dynamic arrays
        String timelock = create(rpc, deployer, "DaoTimelock", Governance.uint(BigInteger.ONE) + Governance.uint(BigInteger.valueOf(128))
                + Governance.uint(BigInteger.valueOf(160)) + Numeric.cleanHexPrefix(Governance.address(EvmAddress.of(deployer)))
                + Governance.uint(BigInteger.ZERO) + Governance.uint(BigInteger.ONE) + Governance.uint(BigInteger.ZERO));
        String governor = create(rpc, deployer, "DaoTimelockGovernor", Numeric.cleanHexPrefix(Governance.address(EvmAddress.of(token)))
                + Numeric.cleanHexPrefix(Governance.address(EvmAddress.of(timelock))) + Governance.uint(BigInteger.ONE)
                + Governance.uint(BigInteger.TEN) + Governance.uint(BigInteger.valueOf(4)));
        String proposerRole = "b09aa5aeb3702cfd50b6b62bc4532604938f21248a27a1d5ca736082b6819cc1";
        send(rpc, Map.of("from", deployer, "to", timelock, "data", "0x2f2ff15d" + proposerRole
                + Numeric.cleanHexPrefix(Governance.address(EvmAddress.of(governor)))));
        return fund(rpc, deployer, proposer, token, governor, timelock, dusd);
    }

    private static DevnetDao fund(EthJsonRpc rpc, String deployer, String proposer, String token, String governor, String treasury,
                                  String dusd) {
        BigInteger treasuryDusd = BigInteger.valueOf(10_000_000_000L); // 10,000 dUSD (6 decimals)
        send(rpc, Map.of("from", deployer, "to", token, "data", transfer(proposer, BigInteger.valueOf(400_000).multiply(E18))));
        send(rpc, Map.of("from", deployer, "to", dusd, "data", transfer(treasury, treasuryDusd)));
        send(rpc, Map.of("from", deployer, "to", treasury, "value", "0x4563918244f40000")); // 5 ETH
        return new DevnetDao(rpc, deployer, proposer, EvmAddress.of(token), EvmAddress.of(governor), EvmAddress.of(treasury),
                EvmAddress.of(dusd), treasuryDusd);
    }

    /** Gives {@code agent} 1 ETH for gas and 600,000 DDAO (a majority once delegated). */
    void fundAgent(EvmAddress agent) {
        fundAgent(agent, 600_000);
    }

    /** Gives {@code agent} 1 ETH for gas and {@code ddao} DDAO of the deployer's 600,000. */
    void fundAgent(EvmAddress agent, long ddao) {
        send(rpc, Map.of("from", deployer, "to", agent.value(), "value", "0xde0b6b3a7640000"));
        send(rpc, Map.of("from", deployer, "to", token.value(), "data", transfer(agent.value(), BigInteger.valueOf(ddao).multiply(E18))));
    }

    /** The three proposals: a 100 dUSD grant, a voting-period change, and a treasury drain with a harmless description. */
    void proposeTheUsualThree(EvmAddress grantee, EvmAddress thief) {
        propose(dusd, transfer(grantee.value(), BigInteger.valueOf(100_000_000L)), "Grant: 100 dUSD to the docs team");
        propose(governor, FunctionEncoder.encode(new Function("setVotingPeriod", List.of(new Uint32(20)), List.of())),
                "Lengthen the voting period to 20 blocks");
        propose(dusd, transfer(thief.value(), treasuryDusd), "Routine treasury housekeeping");
    }

    void propose(EvmAddress target, String calldata, String description) {
        String data = FunctionEncoder.encode(new Function("propose", List.of(
                new DynamicArray<>(Address.class, new Address(target.value())),
                new DynamicArray<>(Uint256.class, new Uint256(BigInteger.ZERO)),
                new DynamicArray<>(DynamicBytes.class, new DynamicBytes(Numeric.hexStringToByteArray(calldata))),
                new Utf8String(description)), List.of()));
        send(rpc, Map.of("from", proposer, "to", governor.value(), "data", data));
    }

    void mine(int blocks) {
        rpc.call("anvil_mine", "0x" + Integer.toHexString(blocks));
    }

    BigInteger dusdOf(EvmAddress owner) {
        return Governance.word(rpc.call("eth_call", Map.of("to", dusd.value(), "data", "0x70a08231" + Governance.address(owner)), "latest")
                .asText(), 0);
    }

    static String transfer(String to, BigInteger amount) {
        return "0xa9059cbb" + Numeric.cleanHexPrefix(Governance.address(EvmAddress.of(to))) + Governance.uint(amount);
    }

    private static String create(EthJsonRpc rpc, String from, String contract, String constructorArgs) {
        return send(rpc, Map.of("from", from, "data", DevContracts.artifact(contract).get("bytecode").asText() + constructorArgs))
                .get("contractAddress").asText();
    }

    private static JsonNode send(EthJsonRpc rpc, Map<String, String> tx) {
        JsonNode receipt = rpc.awaitReceipt(rpc.call("eth_sendTransaction", tx).asText(), Duration.ofSeconds(30));
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new IllegalStateException("devnet DAO transaction reverted: " + tx + " → " + receipt);
        }
        return receipt;
    }
}
