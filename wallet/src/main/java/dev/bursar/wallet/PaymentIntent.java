package dev.bursar.wallet;

import java.util.regex.Pattern;

/**
 * What an agent proposes to pay: who proposes it, where it goes, how much, why, and an idempotency key that makes a
 * retried proposal the same payment rather than a second one. An intent authorizes nothing; policy decides.
 */
public record PaymentIntent(String agentId, PaymentTarget target, Amount amount, String purpose, String idempotencyKey) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_PURPOSE = 500;

    public PaymentIntent {
        if (agentId == null || !KEY.matcher(agentId).matches()) {
            throw new InvalidInputException("agent id must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        if (target == null) {
            throw new InvalidInputException("a payment needs a target (address or invoice)");
        }
        if (amount == null || amount.isZero() && !(target instanceof PaymentTarget.ContractCall)) {
            throw new InvalidInputException("a payment needs an amount greater than zero");
        }
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidInputException("idempotency key must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        purpose = purpose == null ? "" : purpose.strip();
        if (purpose.length() > MAX_PURPOSE) {
            throw new InvalidInputException("purpose is longer than " + MAX_PURPOSE + " characters");
        }
        boolean lightning = target instanceof PaymentTarget.LightningInvoice;
        if (lightning != (amount.asset() instanceof Asset.LightningBitcoin)) {
            throw new InvalidInputException("a Lightning invoice is paid in BTC over Lightning, and only an invoice is: got "
                    + amount.asset().id() + " for " + target.describe());
        }
        if (target instanceof PaymentTarget.Erc20Approval && !(amount.asset() instanceof Asset.Erc20Token)) {
            throw new InvalidInputException("an approval is for an ERC-20 token, not " + amount.asset().id());
        }
        if (target instanceof PaymentTarget.TransferAuthorization && !(amount.asset() instanceof Asset.Erc20Token)) {
            throw new InvalidInputException("a transfer authorization (EIP-3009) moves an ERC-20 token, not " + amount.asset().id());
        }
        if (target instanceof PaymentTarget.ContractCall && !(amount.asset() instanceof Asset.NativeCoin)) {
            throw new InvalidInputException("a contract call carries native value, not " + amount.asset().id());
        }
    }
}
