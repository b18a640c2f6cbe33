-- Portable SQL: H2 and PostgreSQL run this file unchanged.
-- Every job records the owner of the API key that submitted it; jobs from before keys existed
-- belong to 'anonymous', the owner of every request when no key is configured.
-- input_bytes is the size of its stored inputs, for the per-owner and global storage limits.
ALTER TABLE fp_job ADD COLUMN owner VARCHAR(64) DEFAULT 'anonymous' NOT NULL;
ALTER TABLE fp_job ADD COLUMN input_bytes BIGINT DEFAULT 0 NOT NULL;
-- Why a job ended FAILED as a whole (its CPU cap), as opposed to failed items; NULL otherwise.
ALTER TABLE fp_job ADD COLUMN failure_reason VARCHAR(255);

-- GET /jobs of one owner, newest first; and an owner's unfinished jobs for its quotas.
CREATE INDEX fp_job_owner_newest ON fp_job (owner, created_at, id);
CREATE INDEX fp_job_owner_status ON fp_job (owner, status);
