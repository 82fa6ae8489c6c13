package dev.bursar.devnet;

/**
 * The parts of the devnet a user or a test can ask for; each is installed and started only when asked for.
 */
public enum Component {
    /** anvil, with funded development accounts. */
    EVM,
    /** btcd regtest plus lnd nodes alice and bob joined by an active channel. */
    LIGHTNING,
    /** The default local model file (Gemma 3 270M Q4_K_M GGUF), verified. */
    MODEL
}
