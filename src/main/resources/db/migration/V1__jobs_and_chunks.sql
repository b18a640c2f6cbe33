-- Portable SQL: H2 and PostgreSQL run this file unchanged. Times are epoch milliseconds.
CREATE TABLE fp_job (
    id              UUID         NOT NULL PRIMARY KEY,
    function_name   VARCHAR(64)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    total_items     INTEGER      NOT NULL,
    completed_items INTEGER      NOT NULL,
    failed_items    INTEGER      NOT NULL,
    chunk_size      INTEGER      NOT NULL,
    chunk_count     INTEGER      NOT NULL,
    timeout_ms      BIGINT       NOT NULL,
    cpu_nanos       BIGINT       NOT NULL,
    submitted_on    VARCHAR(128) NOT NULL,
    created_at      BIGINT       NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT
);

CREATE INDEX fp_job_newest ON fp_job (created_at, id);
CREATE INDEX fp_job_status ON fp_job (status, created_at);
CREATE INDEX fp_job_finished ON fp_job (finished_at);

-- One row per chunk of items; inputs and outputs are NumberCodec bytes, not one row per item.
-- turn orders ready chunks round-robin across jobs; claims numbers the claims of a chunk so that a
-- result from a lost claim can be told apart and discarded.
CREATE TABLE fp_chunk (
    job_id       UUID         NOT NULL REFERENCES fp_job (id) ON DELETE CASCADE,
    start_index  INTEGER      NOT NULL,
    item_count   INTEGER      NOT NULL,
    turn         BIGINT       NOT NULL,
    state        VARCHAR(10)  NOT NULL,
    attempts     INTEGER      NOT NULL,
    claims       INTEGER      NOT NULL,
    failed_count INTEGER      NOT NULL,
    input        BYTEA        NOT NULL,
    output       BYTEA,
    lease_owner  VARCHAR(128),
    lease_until  BIGINT,
    ran_on       VARCHAR(128),
    PRIMARY KEY (job_id, start_index)
);

CREATE INDEX fp_chunk_ready ON fp_chunk (state, turn);
CREATE INDEX fp_chunk_lease ON fp_chunk (lease_owner, state);
