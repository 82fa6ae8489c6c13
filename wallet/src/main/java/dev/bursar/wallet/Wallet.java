package dev.bursar.wallet;

/**
 * One rail that can move value (an EVM account, an LND node). Callers never use it directly to spend: every spend goes
 * through {@link GuardedWallet}, which runs policy and journals each step. A wallet holds its keys and never
 * returns them.
 *
 * <p>The spending path is split so the journal can record each step before the next one has effects outside the
 * process: {@link #quote} (validate, no effect) → policy → {@link #prepare} (sign, reserve nonce; still local) →
 * journal → {@link #execute} (broadcast / send) → journal. After a crash, {@link #reconcile} resolves a prepared
 * payment from the chain or the node, re-sending the identical prepared payment at most.
 */
public interface Wallet {

    /** A name for logs and the journal, such as {@code evm:31337:0xAbC...} or {@code lnd:regtest:alice}. */
    String name();

    /** Whether this wallet can pay {@code intent} (right chain, right asset kind). */
    boolean supports(PaymentIntent intent);

    /** Whether this wallet holds {@code asset}. */
    boolean holds(Asset asset);

    /** The spendable balance of {@code asset}. */
    Amount balance(Asset asset);

    /**
     * Validates {@code intent} against the chain or node (address, token, invoice, balance, fees) without side effects.
     *
     * @throws InvalidInputException for a malformed or inconsistent intent
     * @throws InsufficientFundsException if the balance cannot cover amount plus maximum fee
     * @throws PeerUnavailableException if the node cannot be reached
     */
    Quote quote(PaymentIntent intent);

    /** Signs or otherwise readies the quoted payment; nothing leaves the process yet. */
    PreparedPayment prepare(Quote quote);

    /** Sends a prepared payment and waits up to the wallet's timeout for it to become final. */
    PaymentOutcome execute(PreparedPayment prepared);

    /** Resolves a prepared payment after a restart: looks it up, and re-sends the same prepared payment if allowed. */
    PaymentOutcome reconcile(PreparedPayment prepared, boolean resendIfUnknown);

    /** Gives back what {@link #prepare} reserved (a nonce) for a payment that will never be sent. */
    void release(PreparedPayment prepared);
}
