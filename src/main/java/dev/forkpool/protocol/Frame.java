package dev.forkpool.protocol;

/**
 * One message between the service and a worker. On the wire: a 4-byte big-endian length of what
 * follows, a type byte, an 8-byte request id, then the payload.
 */
public record Frame(Type type, long requestId, byte[] payload) {

    /** Bumped whenever the frame layout or a payload changes incompatibly. */
    public static final int PROTOCOL_VERSION = 2;

    /** Frame types. The byte values are part of the protocol. */
    public enum Type {
        /** Child to parent, first frame: protocol version and pid. */
        HELLO(1),
        /** Parent to child: function name and encoded inputs. */
        TASK(2),
        /** Child to parent: failed-item count and encoded outputs. */
        RESULT(3),
        /**
         * Parent to child: drop the queued task with this request id if it has not started. A
         * worker takes several tasks at once (prefetch), so a cancelled job's chunk may wait behind
         * another job's; this keeps it from running without killing the worker.
         */
        CANCEL(4),
        /**
         * Child to parent, the answer to every CANCEL: one byte, 1 if the task was dropped unrun
         * (no RESULT follows for it), 0 if it had already started or finished.
         */
        CANCEL_REPLY(5);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }
}
