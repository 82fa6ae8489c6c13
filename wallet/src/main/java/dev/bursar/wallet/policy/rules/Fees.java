package dev.bursar.wallet.policy.rules;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.policy.PolicyRequest;

/** How rules word a worst case that includes a fee: "0.1 ETH (0.099 ETH plus up to 0.001 ETH in fees)". */
final class Fees {

    private Fees() {
    }

    static String describe(PolicyRequest r, Amount worst) {
        return r.quote().maxFee().filter(f -> f.asset().equals(worst.asset()) && !f.isZero())
                .map(fee -> {
                    Amount moved = worst.minus(fee);
                    return moved.isZero() ? "up to " + fee + " in fees"
                            : worst + " (" + moved + " plus up to " + fee + " in fees)";
                })
                .orElse(worst.toString());
    }

    static String note(PolicyRequest r, Asset asset) {
        boolean feeOnly = r.quote().maxFee().map(f -> f.asset().equals(asset)).orElse(false)
                && !r.quote().amount().asset().equals(asset);
        return feeOnly ? " (the payment's fee is paid in it)" : "";
    }
}
