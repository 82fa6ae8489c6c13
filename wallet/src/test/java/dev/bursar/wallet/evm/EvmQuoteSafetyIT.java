package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.Quote;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link EvmWallet#quote} refuses before anything is signed: gas-burning payees, the zero address, itself. */
@WithDevnet({Component.EVM})
class EvmQuoteSafetyIT {

    private static final BigInteger CEILING = BigInteger.valueOf(150_000);

    private static EvmKeys devKeys(Devnet devnet, int index) {
        return EvmKeys.fromPrivateKey(devnet.evm().accounts().get(index).privateKey());
    }

    private static EvmAddress freshAddress() throws Exception {
        return EvmKeys.fromPrivateKey(Numeric.toHexStringNoPrefixZeroPadded(Keys.createEcKeyPair().getPrivateKey(), 64)).address();
    }

    private static EvmWallet.Builder builder(Devnet devnet, int devIndex) {
        return EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                .keys(devKeys(devnet, devIndex)).pollInterval(Duration.ofMillis(20)).receiptTimeout(Duration.ofSeconds(30));
    }

    private static PaymentIntent intent(PaymentTarget target, Amount amount) {
        return new PaymentIntent("it-agent", target, amount, "integration test", "it-" + UUID.randomUUID());
    }

    /** The quote's maximum fee is exactly gas limit × maxFeePerGas, in the chain's native coin. */
    private static void assertMaxFeeIsGasLimitTimesFeePerGas(EvmWallet wallet, Quote quote) {
        BigInteger gasLimit = new BigInteger(quote.details().get("gasLimit"));
        BigInteger maxFeePerGas = new BigInteger(quote.details().get("maxFeePerGas"));
        assertThat(gasLimit).isLessThanOrEqualTo(wallet.maxGasLimit());
        assertThat(quote.maxFee()).contains(Amount.ofUnits(wallet.nativeCoin(), gasLimit.multiply(maxFeePerGas)));
    }

    @Test
    void aPayeeWhoseCodeBurnsGasIsNeverQuoted(Devnet devnet) throws Exception {
        AnvilCheats anvil = new AnvilCheats(devnet);
        EvmAddress burner = anvil.deploy(AnvilCheats.gasBurnerRuntime(10_000)); // ~281 000 gas per call
        EvmWallet wallet = builder(devnet, 8).build();
        assertThat(wallet.maxGasLimit()).isEqualTo(CEILING); // the default
        Amount milliEth = Amount.of(wallet.nativeCoin(), "0.001");

        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(burner), milliEth)))
                .isInstanceOf(GasLimitExceededException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("150000")
                .hasMessageContaining("maxGasLimit")
                .satisfies(e -> assertThat(((GasLimitExceededException) e).ceiling()).isEqualTo(CEILING))
                .hasMessageNotContaining(devnet.evm().rpcUrl().toString());
        assertThat(wallet.nonces().peekNext()).isEqualTo(-1); // nothing reserved

        // A plain transfer from the same wallet still quotes, and its maximum fee is gas limit × maxFeePerGas.
        Quote plain = wallet.quote(intent(new PaymentTarget.EvmTransfer(freshAddress()), milliEth));
        assertThat(plain.details().get("gasLimit")).isEqualTo("25200"); // 21 000 + 20 %
        assertMaxFeeIsGasLimitTimesFeePerGas(wallet, plain);
    }

    @Test
    void anEstimateUnderTheCeilingThatTheMarginPushesOverIsRefusedNamingTheEstimate(Devnet devnet) {
        AnvilCheats anvil = new AnvilCheats(devnet);
        EvmAddress burner = anvil.deploy(AnvilCheats.gasBurnerRuntime(4_380)); // ~135 000 gas: ×1.2 > 150 000
        EvmWallet wallet = builder(devnet, 8).build();
        Amount milliEth = Amount.of(wallet.nativeCoin(), "0.001");

        GasLimitExceededException refused = (GasLimitExceededException) org.assertj.core.api.Assertions.catchThrowable(
                () -> wallet.quote(intent(new PaymentTarget.EvmTransfer(burner), milliEth)));

        assertThat(refused).isNotNull();
        BigInteger estimate = refused.estimate().orElseThrow();
        assertThat(estimate).isBetween(BigInteger.valueOf(125_001), CEILING);
        assertThat(refused).hasMessageContaining("estimates " + estimate + " gas").hasMessageContaining("ceiling of 150000")
                .hasMessageContaining("maxGasLimit");

        // Raising the ceiling is how an operator lets such a contract be paid; the fee then covers the larger limit.
        EvmWallet raised = builder(devnet, 8).maxGasLimit(BigInteger.valueOf(400_000)).build();
        Quote quote = raised.quote(intent(new PaymentTarget.EvmTransfer(burner), milliEth));
        assertThat(new BigInteger(quote.details().get("gasLimit"))).isGreaterThan(CEILING);
        assertMaxFeeIsGasLimitTimesFeePerGas(raised, quote);
        assertThat(raised.execute(raised.prepare(quote)).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
    }

    @Test
    void everyKindOfPaymentCarriesItsMaximumFeeInTheNativeCoin(Devnet devnet) throws Exception {
        AnvilCheats anvil = new AnvilCheats(devnet);
        EvmAddress smallBurner = anvil.deploy(AnvilCheats.gasBurnerRuntime(100)); // a cheap contract to call
        EvmWallet wallet = builder(devnet, 8).build();
        Asset.Erc20Token dusd = wallet.token(EvmAddress.of(devnet.contracts().get("DevToken")));
        EvmAddress someone = freshAddress();

        Quote eth = wallet.quote(intent(new PaymentTarget.EvmTransfer(someone), Amount.of(wallet.nativeCoin(), "0.01")));
        Quote token = wallet.quote(intent(new PaymentTarget.EvmTransfer(someone), Amount.of(dusd, "1")));
        Quote approval = wallet.quote(intent(new PaymentTarget.Erc20Approval(someone), Amount.of(dusd, "5")));
        Quote call = wallet.quote(intent(new PaymentTarget.ContractCall(smallBurner, "0x12345678"), Amount.of(wallet.nativeCoin(), "0.001")));

        for (Quote q : new Quote[] {eth, token, approval, call}) {
            assertMaxFeeIsGasLimitTimesFeePerGas(wallet, q);
            assertThat(q.maxFee().orElseThrow().asset()).isEqualTo(wallet.nativeCoin());
        }
        assertThat(new BigInteger(token.details().get("gasLimit"))).isGreaterThan(BigInteger.valueOf(25_200)); // estimated, not 21 000
    }

    @Test
    void etherOrTokensToTheZeroAddressOrToItselfAreRefused(Devnet devnet) {
        EvmWallet wallet = builder(devnet, 8).build();
        Asset.Erc20Token dusd = wallet.token(EvmAddress.of(devnet.contracts().get("DevToken")));
        EvmAddress zero = EvmAddress.of("0x0000000000000000000000000000000000000000");
        Amount eth = Amount.of(wallet.nativeCoin(), "0.01");
        Amount tokens = Amount.of(dusd, "1");

        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(zero), eth)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("zero address").hasMessageContaining("ETH")
                .hasMessageContaining("lost");
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(zero), tokens)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("zero address").hasMessageContaining("dUSD");
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(wallet.address()), eth)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("to itself").hasMessageContaining(wallet.address().value());
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(wallet.address()), tokens)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("to itself").hasMessageContaining("dUSD");
        assertThat(wallet.nonces().peekNext()).isEqualTo(-1);
    }

    @Test
    void aCeilingBelowAPlainTransferIsRefusedWhenBuilding(Devnet devnet) {
        assertThatThrownBy(() -> builder(devnet, 8).maxGasLimit(BigInteger.valueOf(20_000)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("21000");
        assertThatThrownBy(() -> builder(devnet, 8).maxGasLimit(BigInteger.valueOf(22_000)).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("25200");
    }
}
