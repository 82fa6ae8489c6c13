package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what a payment intent would move: a transfer, an allowance, an invoice, and for a contract call its native
 * value plus any ERC-20 {@code transfer}, {@code approve}, {@code increaseAllowance} or {@code transferFrom} in its
 * data (strict ABI: exact length, clean address words). Call data it cannot read is an {@link ProposedSpend.OpaqueCall}.
 */
public final class SpendReader {

    private static final String TRANSFER = "0xa9059cbb";
    private static final String APPROVE = "0x095ea7b3";
    private static final String INCREASE_ALLOWANCE = "0x39509351";
    private static final String TRANSFER_FROM = "0x23b872dd";

    private final Map<String, Asset.Erc20Token> tokens;
    private final Map<EvmAddress, java.util.Set<String>> declaredCalls;

    /** @param knownAssets the assets a policy names; call data moving any other token reads as {@link ProposedSpend.UnknownToken} */
    public SpendReader(List<? extends Asset> knownAssets) {
        this(knownAssets, Map.of());
    }

    /**
     * @param declaredCalls per contract, the 4-byte selectors ({@code 0x…}, lower case) its owner declared value-neutral;
     *                      they read as {@link ProposedSpend.DeclaredCall}
     */
    public SpendReader(List<? extends Asset> knownAssets, Map<EvmAddress, java.util.Set<String>> declaredCalls) {
        this.tokens = knownAssets.stream().filter(Asset.Erc20Token.class::isInstance).map(Asset.Erc20Token.class::cast)
                .collect(Collectors.toMap(Asset::id, Function.identity(), (a, b) -> a));
        this.declaredCalls = Map.copyOf(declaredCalls);
    }

    public List<ProposedSpend> read(PaymentIntent intent) {
        List<ProposedSpend> out = new ArrayList<>();
        switch (intent.target()) {
            case PaymentTarget.EvmTransfer t -> out.add(new ProposedSpend.Transfer(t.to(), intent.amount()));
            case PaymentTarget.Erc20Approval a -> out.add(new ProposedSpend.Allowance(a.spender(), intent.amount()));
            case PaymentTarget.LightningInvoice i -> out.add(new ProposedSpend.Invoice(i.bolt11(), intent.amount()));
            case PaymentTarget.TransferAuthorization a -> out.add(new ProposedSpend.SignedTransfer(a.to(), intent.amount()));
            case PaymentTarget.ContractCall c -> {
                if (!intent.amount().isZero()) {
                    out.add(new ProposedSpend.Transfer(c.contract(), intent.amount()));
                }
                long chainId = ((Asset.NativeCoin) intent.amount().asset()).chainId();
                out.add(callData(chainId, c.contract(), c.callData()));
            }
        }
        return out;
    }

    private ProposedSpend callData(long chainId, EvmAddress contract, String data) {
        String selector = data.substring(0, 10).toLowerCase(java.util.Locale.ROOT);
        String args = data.substring(10);
        if (declaredCalls.getOrDefault(contract, java.util.Set.of()).contains(selector)) {
            return new ProposedSpend.DeclaredCall(contract, selector);
        }
        int words = switch (selector) {
            case TRANSFER, APPROVE, INCREASE_ALLOWANCE -> 2;
            case TRANSFER_FROM -> 3;
            default -> -1;
        };
        if (words < 0 || args.length() != words * 64) {
            return new ProposedSpend.OpaqueCall(contract, selector);
        }
        List<EvmAddress> addresses = new ArrayList<>();
        for (int i = 0; i < words - 1; i++) {
            String word = args.substring(i * 64, (i + 1) * 64);
            if (!word.startsWith("0".repeat(24))) {
                return new ProposedSpend.OpaqueCall(contract, selector); // dirty address word: not a call we can read
            }
            addresses.add(EvmAddress.of("0x" + word.substring(24)));
        }
        BigInteger units = new BigInteger(args.substring((words - 1) * 64), 16);
        String function = switch (selector) {
            case TRANSFER -> "transfer";
            case APPROVE -> "approve";
            case INCREASE_ALLOWANCE -> "increaseAllowance";
            default -> "transferFrom";
        };
        Asset.Erc20Token token = tokens.get("eip155:" + chainId + "/erc20:" + contract.lowerCase());
        if (token == null) {
            return new ProposedSpend.UnknownToken(chainId, contract, function);
        }
        Amount amount = Amount.ofUnits(token, units);
        return switch (selector) {
            case TRANSFER -> new ProposedSpend.Transfer(addresses.get(0), amount);
            case TRANSFER_FROM -> new ProposedSpend.Transfer(addresses.get(1), amount);
            default -> new ProposedSpend.Allowance(addresses.get(0), amount);
        };
    }
}
