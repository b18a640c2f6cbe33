-- Portable SQL: H2 and PostgreSQL run this file unchanged.
-- Every statement that looked up chunks by lease_owner also asks for state = 'RUNNING', and the
-- claim-order index (state, turn, job_id, start_index) already finds the running chunks: at most
-- the workers and prefetch slots of every node, so filtering them by owner costs nothing. The
-- lease index only cost writes: each chunk moved its entry when it was claimed and again when it
-- was done.
DROP INDEX fp_chunk_lease;
