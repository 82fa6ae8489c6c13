package dev.bursar.tools;

import dev.bursar.wallet.WalletException;

/**
 * A plugin used a guarded operation its agent's definition did not grant it (a wallet read without {@code wallet:read},
 * a payment without {@code wallet:spend}...). Nothing was done; the owner grants permissions in the agent's definition.
 */
public class NotGrantedException extends WalletException {

    public NotGrantedException(String plugin, String operation, Permission needed) {
        super("plugin " + plugin + " may not " + operation + ": the agent's definition does not grant it " + needed.id()
                + "; nothing was done");
    }
}
