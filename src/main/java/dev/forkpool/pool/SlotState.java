package dev.forkpool.pool;

/** Where a worker slot stands. */
enum SlotState {
    STARTING,
    IDLE,
    BUSY,
    /** Finishing its last chunk before a recycle. */
    RETIRING,
    /** Waiting to retry a failed start. */
    BACKING_OFF
}
