package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpendReaderTest {

    private static final Asset.NativeCoin ETH = Asset.NativeCoin.ether(31337);
    private static final EvmAddress TOKEN = EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static final Asset DUSD = new Asset.Erc20Token(31337, TOKEN, "dUSD", 6);
    private static final String BOB = "70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final SpendReader READER = new SpendReader(List.of(ETH, DUSD));

    private static List<ProposedSpend> call(EvmAddress contract, String data) {
        return READER.read(new PaymentIntent("a", new PaymentTarget.ContractCall(contract, data), Amount.zero(ETH), "", "k"));
    }

    private static String word(long v) {
        return String.format("%064x", v);
    }

    @Test
    void erc20SpendsInsideCallDataAreSpendsOfThatToken() {
        assertThat(call(TOKEN, "0xa9059cbb" + "0".repeat(24) + BOB + word(5_000_000)))
                .containsExactly(new ProposedSpend.Transfer(EvmAddress.of("0x" + BOB), Amount.of(DUSD, "5")));
        assertThat(call(TOKEN, "0x095ea7b3" + "0".repeat(24) + BOB + word(7)))
                .containsExactly(new ProposedSpend.Allowance(EvmAddress.of("0x" + BOB), Amount.ofUnits(DUSD, 7)));
        assertThat(call(TOKEN, "0x39509351" + "0".repeat(24) + BOB + word(7)))
                .containsExactly(new ProposedSpend.Allowance(EvmAddress.of("0x" + BOB), Amount.ofUnits(DUSD, 7)));
        assertThat(call(TOKEN, "0x23b872dd" + "0".repeat(24) + "1".repeat(40) + "0".repeat(24) + BOB + word(9)))
                .containsExactly(new ProposedSpend.Transfer(EvmAddress.of("0x" + BOB), Amount.ofUnits(DUSD, 9)));
    }

    @Test
    void callDataItCannotReadIsOpaqueAndUnknownTokensAreNamed() {
        assertThat(call(TOKEN, "0xdeadbeef")).singleElement().isInstanceOf(ProposedSpend.OpaqueCall.class);
        assertThat(call(TOKEN, "0xa9059cbb" + "0".repeat(24) + BOB)).as("too short").singleElement().isInstanceOf(ProposedSpend.OpaqueCall.class);
        assertThat(call(TOKEN, "0xa9059cbb" + "f".repeat(24) + BOB + word(1))).as("dirty address word")
                .singleElement().isInstanceOf(ProposedSpend.OpaqueCall.class);
        assertThat(call(EvmAddress.of("0x" + "2".repeat(40)), "0xa9059cbb" + "0".repeat(24) + BOB + word(1)))
                .singleElement().isInstanceOf(ProposedSpend.UnknownToken.class);
    }

    @Test
    void aCallTheOwnerDeclaredValueNeutralReadsAsDeclaredOthersStayOpaque() {
        EvmAddress escrow = EvmAddress.of("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
        SpendReader reader = new SpendReader(List.of(ETH, DUSD), java.util.Map.of(escrow, java.util.Set.of("0xabcdef01")));
        PaymentIntent declared = new PaymentIntent("a", new PaymentTarget.ContractCall(escrow, "0xABCDEF01" + "00".repeat(32)),
                Amount.zero(ETH), "job step", "k1");
        PaymentIntent other = new PaymentIntent("a", new PaymentTarget.ContractCall(escrow, "0x11111111" + "00".repeat(32)),
                Amount.zero(ETH), "job step", "k2");
        assertThat(reader.read(declared)).containsExactly(new ProposedSpend.DeclaredCall(escrow, "0xabcdef01"));
        assertThat(reader.read(other)).containsExactly(new ProposedSpend.OpaqueCall(escrow, "0x11111111"));
    }
}
