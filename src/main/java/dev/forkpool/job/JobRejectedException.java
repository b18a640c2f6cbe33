package dev.forkpool.job;

/** A request the service refuses; the HTTP layer maps each reason to a status and a problem type. */
public class JobRejectedException extends RuntimeException {

    /** Why; each has its own HTTP status and problem type. */
    public enum Reason {
        UNKNOWN_FUNCTION,
        UNKNOWN_JOB,
        INVALID_ITEM,
        INVALID_OPTION,
        QUEUE_FULL
    }

    private final Reason reason;
    private final Integer index;

    public JobRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public JobRejectedException(Reason reason, String message, Integer index) {
        super(message, null, false, false);
        this.reason = reason;
        this.index = index;
    }

    public Reason reason() {
        return reason;
    }

    /** The index of the offending item, for INVALID_ITEM. */
    public Integer index() {
        return index;
    }
}
