-- Portable SQL: H2 and PostgreSQL run this file unchanged. Times are epoch milliseconds.
-- One row per node that has run against this store; heartbeat_at moves at every lease renewal,
-- so a node whose heartbeat is older than one lease has lost its leases and counts as gone.
CREATE TABLE fp_node (
    id           VARCHAR(128) NOT NULL PRIMARY KEY,
    started_at   BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL
);

-- The claim query orders ready chunks by (turn, job_id, start_index); an index in exactly that
-- order lets it read the first few rows instead of sorting every ready chunk on each claim.
DROP INDEX fp_chunk_ready;
CREATE INDEX fp_chunk_claim_order ON fp_chunk (state, turn, job_id, start_index);
