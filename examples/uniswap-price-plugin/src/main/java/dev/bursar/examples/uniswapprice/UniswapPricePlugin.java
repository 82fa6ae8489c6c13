package dev.bursar.examples.uniswapprice;

import dev.bursar.tools.AgentContext;
import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.BursarTool;
import dev.bursar.tools.EvmChain;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolCall;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An example Bursar plugin: quotes what selling an amount of a token returns in ETH on a Uniswap V2 pool, read on the
 * agent's own chain. It moves no money and needs only a read-only view of the chain ({@code wallet:chain-read}) and its
 * own permission ({@code example:uniswap:quote}). Settings: {@code factory} and {@code weth}, the market's addresses.
 */
public final class UniswapPricePlugin implements BursarPlugin {

    public static final String ID = "uniswap-price";
    public static final Permission QUOTE = Permission.of("example:uniswap:quote");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Permission> permissions() {
        return Set.of(QUOTE, Permission.CHAIN_READ);
    }

    @Override
    public List<BursarTool> tools(AgentContext context) {
        EvmChain chain = context.chain().orElseThrow(() -> new IllegalArgumentException("grant it wallet:chain-read; it reads"
                + " the pool on the agent's EVM chain (the agent needs wallets.evm)"));
        UniswapPool pool = new UniswapPool(chain, setting(context, "factory"), setting(context, "weth"));
        ToolSpecification spec = ToolSpecification.builder()
                .name("quote_swap")
                .description("How much ETH selling an amount of a token returns on Uniswap V2 right now (0.3% pool fee"
                        + " included). Moves no money.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("token", "the token's symbol (such as dUSD) or its 0x contract address")
                        .addStringProperty("amount", "how many tokens to sell, such as 100 or 2.5")
                        .required("token", "amount").additionalProperties(false).build())
                .build();
        return List.of(BursarTool.of(spec, Set.of(QUOTE, Permission.CHAIN_READ), call -> quote(context, pool, call)));
    }

    private static String quote(AgentContext context, UniswapPool pool, ToolCall call) {
        String tokenArg = call.arguments().get("token").asText().strip();
        EvmAddress token;
        String symbol;
        int decimals;
        Asset.Erc20Token known = context.assets().stream().filter(Asset.Erc20Token.class::isInstance).map(Asset.Erc20Token.class::cast)
                .filter(t -> t.symbol().equalsIgnoreCase(tokenArg) || t.contract().value().equalsIgnoreCase(tokenArg)).findFirst().orElse(null);
        if (known != null) {
            token = known.contract();
            symbol = known.symbol();
            decimals = known.decimals();
        } else if (tokenArg.startsWith("0x")) {
            token = EvmAddress.of(tokenArg);
            symbol = token.value();
            decimals = pool.decimals(token);
        } else {
            throw new InvalidInputException("no token '" + tokenArg + "' in this agent's wallet; give its 0x contract address");
        }
        BigInteger amountIn = baseUnits(call.arguments().get("amount").asText(), decimals, symbol);
        UniswapPool.Reserves r = pool.reserves(token).orElseThrow(() -> new InvalidInputException("Uniswap V2 has no " + symbol
                + "/WETH pool on this chain; nothing to quote"));
        if (r.token().signum() == 0 || r.weth().signum() == 0) {
            return "The " + symbol + "/WETH pool " + r.pair().value() + " is empty; there is no price.";
        }
        // Uniswap V2's getAmountOut: 0.3% fee, integer arithmetic in base units, rounded down like the pair does
        BigInteger withFee = amountIn.multiply(BigInteger.valueOf(997));
        BigInteger wei = withFee.multiply(r.weth()).divide(r.token().multiply(BigInteger.valueOf(1000)).add(withFee));
        return "Selling " + plain(amountIn, decimals) + " " + symbol + " on Uniswap V2 returns " + plain(wei, 18) + " ETH (" + wei
                + " wei) at block " + r.block() + "; pool " + r.pair().value() + " holds " + plain(r.token(), decimals) + " " + symbol
                + " and " + plain(r.weth(), 18) + " WETH. A quote, not a trade: nothing was sent.";
    }

    private static BigInteger baseUnits(String amount, int decimals, String symbol) {
        try {
            BigDecimal value = new BigDecimal(amount.strip().replace("_", ""));
            if (value.signum() <= 0) {
                throw new InvalidInputException("amount must be more than 0 " + symbol);
            }
            return value.movePointRight(decimals).toBigIntegerExact();
        } catch (NumberFormatException e) {
            throw new InvalidInputException("amount must be a number of " + symbol + " such as 100 or 2.5, got '" + amount + "'");
        } catch (ArithmeticException e) {
            throw new InvalidInputException(symbol + " has " + decimals + " decimals; '" + amount + "' has more");
        }
    }

    private static String plain(BigInteger units, int decimals) {
        return new BigDecimal(units, decimals).stripTrailingZeros().toPlainString();
    }

    private static EvmAddress setting(AgentContext context, String key) {
        String value = context.settings().get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set pluginSettings." + ID + "." + key + " to the Uniswap V2 "
                    + key.toLowerCase(Locale.ROOT) + " address of the agent's chain");
        }
        return EvmAddress.of(value.strip());
    }
}
