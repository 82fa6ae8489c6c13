-- Bursar runtime schema, version 1. One script for H2 (embedded default) and PostgreSQL (production):
-- only types and syntax both accept (VARCHAR, TEXT, BIGINT GENERATED ALWAYS AS IDENTITY, TIMESTAMP WITH TIME ZONE).

-- Users of the runtime's API.
CREATE TABLE bursar_user (
    id          VARCHAR(200) NOT NULL PRIMARY KEY,
    role        VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT bursar_user_role CHECK (role IN ('USER', 'ADMIN'))
);

-- API keys: a public key id (to find the row) and the SHA-256 (hex) of the whole key; the key itself is never stored.
CREATE TABLE api_key (
    key_id      VARCHAR(32)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(200) NOT NULL REFERENCES bursar_user (id),
    key_hash    CHAR(64)     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_key_user ON api_key (user_id);

-- Agent definitions created or changed through the API (and those loaded from YAML files).
CREATE TABLE agent (
    id               VARCHAR(200) NOT NULL PRIMARY KEY,
    owner            VARCHAR(200) NOT NULL,
    definition_yaml  TEXT         NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX agent_owner ON agent (owner);

-- LangChain4j chat memory: one row per conversation, its messages as LangChain4j's JSON.
CREATE TABLE chat_memory (
    conversation_id  VARCHAR(400) NOT NULL PRIMARY KEY,
    messages_json    TEXT         NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The spend journal: append-only; replayed in seq order. event_json is JournalCodec's one-line JSON.
CREATE TABLE spend_journal (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id    VARCHAR(200) NOT NULL,
    event_type  VARCHAR(16)  NOT NULL,
    event_json  TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX spend_journal_entry ON spend_journal (entry_id);
