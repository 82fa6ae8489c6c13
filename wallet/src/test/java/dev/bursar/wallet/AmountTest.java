package dev.bursar.wallet;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmountTest {

    private static final Asset ETH = Asset.NativeCoin.ether(1);
    private static final Asset USDC = new Asset.Erc20Token(1, EvmAddress.of("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"), "USDC", 6);
    private static final Asset BTC = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);
    private static final List<Asset> KNOWN = List.of(ETH, USDC, BTC);

    @Test
    void parsesAndPrintsExactly() {
        assertThat(Amount.parse("0.01 ETH", KNOWN).units()).isEqualTo(BigInteger.TEN.pow(16));
        assertThat(Amount.parse("0.01 ETH", KNOWN)).hasToString("0.01 ETH");
        assertThat(Amount.parse("25 gwei", KNOWN).units()).isEqualTo(BigInteger.valueOf(25_000_000_000L));
        assertThat(Amount.parse("1500 sat", KNOWN).units()).isEqualTo(BigInteger.valueOf(1_500_000));
        assertThat(Amount.parse("1500 sat", KNOWN)).hasToString("1500 sat");
        assertThat(Amount.parse("12.5 USDC", KNOWN).units()).isEqualTo(BigInteger.valueOf(12_500_000));
        assertThat(Amount.parse("12.5 USDC", KNOWN)).hasToString("12.5 USDC");
        assertThat(Amount.parse("1 wei", KNOWN)).hasToString("0.000000000000000001 ETH");
        assertThat(Amount.parse("1 msat", KNOWN)).hasToString("1 msat");
        assertThat(Amount.parse("0.00001 BTC", KNOWN)).hasToString("1000 sat");
        assertThat(Amount.parse("1.50 usdc", KNOWN).units()).isEqualTo(BigInteger.valueOf(1_500_000));
    }

    @Test
    void rejectsWhatIsNotAnExactAmount() {
        assertThatThrownBy(() -> Amount.parse("-1 ETH", KNOWN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> Amount.parse("0.1234567 USDC", KNOWN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 6");
        assertThatThrownBy(() -> Amount.parse("1.5 wei", KNOWN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("decimals");
        assertThatThrownBy(() -> Amount.parse("1e18 wei", KNOWN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("plain decimal");
        assertThatThrownBy(() -> Amount.parse("1,000 sat", KNOWN)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Amount.parse("12 DOGE", KNOWN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown unit 'DOGE'");
        assertThatThrownBy(() -> Amount.parse("12", KNOWN)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Amount.parse("", KNOWN)).isInstanceOf(InvalidInputException.class);
        String huge = BigInteger.TWO.pow(256).toString();
        assertThatThrownBy(() -> Amount.parse(huge + " wei", KNOWN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("overflows");
    }

    @Test
    void anAmbiguousSymbolMustBeNamed() {
        Asset otherEth = Asset.NativeCoin.ether(31337);
        assertThatThrownBy(() -> Amount.parse("1 ETH", List.of(ETH, otherEth)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ambiguous");
    }

    @Test
    void arithmeticStaysWithinOneAsset() {
        Amount a = Amount.of(ETH, "1.5");
        assertThat(a.plus(Amount.of(ETH, "0.5"))).isEqualTo(Amount.of(ETH, "2"));
        assertThat(a.minus(Amount.of(ETH, "0.5"))).hasToString("1 ETH");
        assertThatThrownBy(() -> a.plus(Amount.of(USDC, "1"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Amount.of(ETH, "1").minus(Amount.of(ETH, "2"))).isInstanceOf(InvalidInputException.class);
        assertThat(Amount.of(ETH, "2").isGreaterThan(a)).isTrue();
    }
}
