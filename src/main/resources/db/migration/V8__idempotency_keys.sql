-- Portable SQL: H2 and PostgreSQL run this file unchanged. Times are epoch milliseconds.
-- One row per Idempotency-Key an owner has used within the last 24 h. While its request is being
-- accepted, request_hash and job_id are NULL; a retry then gets 409. Once accepted, a retry with
-- the same request_hash gets the same job, and one with another hash gets 422.
CREATE TABLE fp_idempotency (
    owner        VARCHAR(64)  NOT NULL,
    idem_key     VARCHAR(255) NOT NULL,
    request_hash VARCHAR(80),
    job_id       UUID,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (owner, idem_key)
);

CREATE INDEX fp_idempotency_created ON fp_idempotency (created_at);
