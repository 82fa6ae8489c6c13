-- Many runtime instances on one database (issue 19): per-agent writer leases with fencing tokens, and constraints that
-- make a duplicate intent or a reused nonce impossible in the database itself, whatever a process believes.

-- One row per agent that some instance has driven: the holder drives the agent's wallets until expires_at (database
-- time); fence grows by one each time another instance takes the lease, and every journal append checks it.
CREATE TABLE agent_lease (
    agent_id    VARCHAR(200) NOT NULL PRIMARY KEY,
    holder      VARCHAR(200) NOT NULL,
    holder_url  VARCHAR(400) NOT NULL,
    fence       BIGINT       NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The agent of each journal row, and a key that is unique per step that may happen once: the intent itself, its
-- idempotency key per agent, its approval or expiry, its final outcome. NULL (a pending outcome, a prepared fee bump)
-- is not constrained.
ALTER TABLE spend_journal ADD COLUMN agent_id VARCHAR(200);
ALTER TABLE spend_journal ADD COLUMN step_key VARCHAR(300);
ALTER TABLE spend_journal ADD COLUMN idempotency_key VARCHAR(700);
CREATE UNIQUE INDEX spend_journal_step ON spend_journal (step_key);
CREATE UNIQUE INDEX spend_journal_idempotency ON spend_journal (idempotency_key);

-- Each EVM nonce a journal entry signed: one entry per (chain, sender, nonce); a fee bump of the same entry reuses it.
CREATE TABLE evm_nonce (
    chain_id    BIGINT       NOT NULL,
    sender      VARCHAR(42)  NOT NULL,
    nonce       BIGINT       NOT NULL,
    entry_id    VARCHAR(200) NOT NULL,
    PRIMARY KEY (chain_id, sender, nonce)
);
