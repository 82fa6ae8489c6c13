package dev.bursar.wallet.lightning;

import dev.bursar.wallet.Amount;

/**
 * An LND node's funds: in channels (its local side, and what it can actually send after channel reserves) and on
 * chain (in satoshis, which are not Lightning-spendable until a channel is opened).
 *
 * @param channelLocal       the node's side of its channels, in msat
 * @param channelSpendable   what the node can send now over active channels, local side minus reserves, in msat
 * @param onChainConfirmedSat confirmed on-chain wallet balance, sat
 * @param onChainUnconfirmedSat unconfirmed on-chain wallet balance, sat
 */
public record LightningBalance(Amount channelLocal, Amount channelSpendable, long onChainConfirmedSat,
                               long onChainUnconfirmedSat) {
}
