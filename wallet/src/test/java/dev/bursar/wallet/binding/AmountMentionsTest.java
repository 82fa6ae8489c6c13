package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AmountMentionsTest {

    private static final Asset ETH = Asset.NativeCoin.ether(31337);
    private static final Asset DUSD = new Asset.Erc20Token(31337, EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"), "dUSD", 6);
    private static final Asset BTC = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);
    private static final List<Asset> ALL = List.of(ETH, DUSD, BTC);

    private static List<Amount> in(String text) {
        return AmountMentions.in(text, ALL);
    }

    @Test
    void readsAmountsAsPeopleWriteThem() {
        assertThat(in("Send 0.01 ETH to bob")).containsExactly(Amount.of(ETH, "0.01"));
        assertThat(in("send 0.01 eth please")).containsExactly(Amount.of(ETH, "0.01"));
        assertThat(in("send 0.01eth")).containsExactly(Amount.of(ETH, "0.01"));
        assertThat(in("pay 10k sats")).containsExactly(Amount.ofUnits(BTC, 10_000_000));
        assertThat(in("an invoice for 1,500 sat")).containsExactly(Amount.ofUnits(BTC, 1_500_000));
        assertThat(in("give alice 12.5 dUSD")).containsExactly(Amount.of(DUSD, "12.5"));
        assertThat(in("1000 gwei")).containsExactly(Amount.ofUnits(ETH, 1_000_000_000_000L));
        assertThat(in("half a satoshi? no: 2 satoshis")).containsExactly(Amount.ofUnits(BTC, 2_000));
    }

    @Test
    void readsNumbersWrittenAsWords() {
        assertThat(in("send five dUSD to bob")).containsExactly(Amount.of(DUSD, "5"));
        assertThat(in("twenty-five thousand sats")).containsExactly(Amount.ofUnits(BTC, 25_000_000));
        assertThat(in("a hundred dUSD")).containsExactly(Amount.of(DUSD, "100"));
        assertThat(in("send a ETH")).isEmpty();
    }

    @Test
    void ignoresWhatIsNotAPayableAmount() {
        assertThat(in("send -5 ETH")).as("negative").isEmpty();
        assertThat(in("pay bob minus 3 dUSD")).as("negative in words").isEmpty();
        assertThat(in("send negative five dUSD to alice")).as("negative number words").isEmpty();
        assertThat(in("minus the fee, send 3 dUSD")).as("minus not before the number").hasSize(1);
        assertThat(in("send 5 to bob")).as("no unit").isEmpty();
        assertThat(in("send 5 USDC")).as("an asset the agent does not hold").isEmpty();
        assertThat(in("0.0000000000000000001 ETH")).as("below one wei").isEmpty();
        assertThat(in("version 1.2.3 eth")).as("a version string").isEmpty();
    }
}
