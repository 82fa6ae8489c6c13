package dev.bursar.tools.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Set;

/**
 * The class loader of one plugin jar: the jar's own classes, and from the host only the plugin API and the libraries it
 * is written against. The runtime, wallet implementations (EVM, Lightning, policy), the registry's transaction code,
 * key handling and the guarded wallet itself are not visible: a plugin that names one fails to load with a message
 * saying so. This is a seatbelt against accidents, not a sandbox: code in the same JVM can still reflect on the
 * objects it is given (docs/plugins.md says so and what to do instead).
 */
final class PluginClassLoader extends URLClassLoader {

    /** Packages (and classes) of the host a plugin may not link against. */
    static final List<String> HIDDEN_PREFIXES = List.of(
            "dev.bursar.runtime.",
            "dev.bursar.wallet.evm.",
            "dev.bursar.wallet.lightning.",
            "dev.bursar.wallet.policy.",
            "dev.bursar.registry.GuardedTransactionSender",
            "dev.bursar.registry.escrow.",
            "dev.bursar.registry.identity.",
            "dev.bursar.registry.reputation.ReputationRegistryClient",
            "dev.bursar.l402.client.PayingHttpClient",
            "io.quarkus.",
            "org.lightningj.",
            "org.web3j.crypto.");

    /** Single classes of an otherwise visible package. */
    static final Set<String> HIDDEN_CLASSES = Set.of(
            "dev.bursar.wallet.GuardedWallet",
            "dev.bursar.wallet.Wallet",
            "dev.bursar.wallet.journal.SpendLedger");

    private final String jar;

    PluginClassLoader(String jar, URL url, ClassLoader host) {
        super("bursar-plugin:" + jar, new URL[]{url}, host);
        this.jar = jar;
    }

    static boolean hidden(String className) {
        return HIDDEN_CLASSES.contains(className) || HIDDEN_PREFIXES.stream().anyMatch(className::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (hidden(name)) {
            throw new ClassNotFoundException("plugin " + jar + " may not use " + name + ": plugins reach wallets, keys and the"
                    + " runtime only through the guarded operations of AgentContext");
        }
        return super.loadClass(name, resolve);
    }
}
