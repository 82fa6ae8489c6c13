-- The discovery index of the on-chain agent registry, one row per registry followed (chain id + identity registry
-- address), replaced whole after each indexed block range: a restart resumes from last_block instead of block 0.
CREATE TABLE registry_index (
    registry    VARCHAR(100) NOT NULL PRIMARY KEY,
    last_block  BIGINT       NOT NULL,
    snapshot    TEXT         NOT NULL,
    saved_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
