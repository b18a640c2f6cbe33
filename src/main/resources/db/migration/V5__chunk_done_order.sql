-- Portable SQL: H2 and PostgreSQL run this file unchanged.
-- done_order numbers a job's chunks in the order their results were recorded (1, 2, ...), so a
-- results stream in completion order has a stable order and can resume with from=N. It is set
-- under the job row's lock by the completion that records the chunk; NULL until then.
ALTER TABLE fp_chunk ADD COLUMN done_order BIGINT;
CREATE INDEX fp_chunk_done_order ON fp_chunk (job_id, done_order);
