package dev.forkpool.job;

import java.util.EnumSet;
import java.util.Set;

/** Where a job stands. QUEUED and RUNNING are unfinished; the others are final. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    static final Set<JobStatus> UNFINISHED = EnumSet.of(QUEUED, RUNNING);

    public boolean finished() {
        return !UNFINISHED.contains(this);
    }
}
