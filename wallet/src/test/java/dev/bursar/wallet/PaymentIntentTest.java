package dev.bursar.wallet;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentIntentTest {

    private static final Asset ETH = Asset.NativeCoin.ether(31337);
    private static final EvmAddress BOB = EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    @Test
    void acceptsEip55LowerAndUpperCaseAddresses() {
        assertThat(EvmAddress.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).isEqualTo(BOB);
        assertThat(EvmAddress.of("0x70997970C51812DC3A010C7D01B50E0D17DC79C8")).isEqualTo(BOB);
        assertThat(BOB.value()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    }

    @Test
    void rejectsMalformedAndMistypedAddresses() {
        assertThatThrownBy(() -> EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79c8"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("EIP-55");
        assertThatThrownBy(() -> EvmAddress.of("0x1234")).isInstanceOf(InvalidInputException.class).hasMessageContaining("40 hex");
        assertThatThrownBy(() -> EvmAddress.of("vitalik.eth")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EvmAddress.of(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsIntentsThatMakeNoSense() {
        PaymentTarget toBob = new PaymentTarget.EvmTransfer(BOB);
        assertThatThrownBy(() -> new PaymentIntent("agent-1", toBob, Amount.zero(ETH), "", "k1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> new PaymentIntent("agent 1", toBob, Amount.of(ETH, "1"), "", "k1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("agent id");
        assertThatThrownBy(() -> new PaymentIntent("agent-1", toBob, Amount.of(ETH, "1"), "", "key with spaces"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("idempotency key");
        Asset btc = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);
        assertThatThrownBy(() -> new PaymentIntent("agent-1", toBob, Amount.of(btc, "10"), "", "k1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Lightning");
        assertThatThrownBy(() -> new PaymentIntent("agent-1", new PaymentTarget.LightningInvoice("lnbcrt1..."), Amount.of(ETH, "1"), "", "k1"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new PaymentTarget.ContractCall(BOB, "0x12"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("selector");
    }

    @Test
    void networkComesFromTheInvoicePrefixLongestFirst() {
        assertThat(BitcoinNetwork.ofInvoice("lnbcrt10u1p...")).isEqualTo(BitcoinNetwork.REGTEST);
        assertThat(BitcoinNetwork.ofInvoice("lnbc10u1p...")).isEqualTo(BitcoinNetwork.MAINNET);
        assertThat(BitcoinNetwork.ofInvoice("LNTBS10u1p...")).isEqualTo(BitcoinNetwork.SIGNET);
        assertThat(BitcoinNetwork.ofInvoice("lntb10u1p...")).isEqualTo(BitcoinNetwork.TESTNET);
        assertThatThrownBy(() -> BitcoinNetwork.ofInvoice("bitcoin:bc1q...")).isInstanceOf(InvalidInputException.class);
    }
}
