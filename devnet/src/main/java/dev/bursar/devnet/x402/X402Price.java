package dev.bursar.devnet.x402;

import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.DevContracts;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The price of a resource in x402's exact scheme on EVM: {@code amount} base units of the EIP-3009 token at
 * {@code asset}, whose EIP-712 domain is {@code eip712Name}/{@code eip712Version} (x402's {@code extra.name} and
 * {@code extra.version}).
 */
public record X402Price(BigInteger amount, String asset, String eip712Name, String eip712Version) {

    public X402Price {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(eip712Name, "eip712Name");
        Objects.requireNonNull(eip712Version, "eip712Version");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("an x402 price is a positive number of base units, got " + amount);
        }
        if (!asset.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("an x402 asset is a 0x-prefixed 20-byte token address, got '" + asset + "'");
        }
        if (eip712Name.isBlank() || eip712Version.isBlank()) {
            throw new IllegalArgumentException("an x402 EVM price needs the token's EIP-712 domain name and version");
        }
    }

    /** {@code amount} base units of the devnet's dUSDC ({@code DevUsdc}: 6 decimals, domain "Dev USD Coin"/"2"). */
    public static X402Price devUsdc(Devnet devnet, BigInteger amount) {
        String asset = devnet.contracts().get("DevUsdc");
        if (asset == null) {
            throw new IllegalStateException("the devnet has no DevUsdc; start it with ensure(Component.EVM)");
        }
        return new X402Price(amount, asset, DevContracts.DEV_USDC_NAME, DevContracts.DEV_USDC_VERSION);
    }
}
