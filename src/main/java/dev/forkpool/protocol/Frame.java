package dev.forkpool.protocol;

/**
 * One message between the service and a worker. On the wire: a 4-byte big-endian length of what
 * follows, a type byte, an 8-byte request id, then the payload.
 */
public record Frame(Type type, long requestId, byte[] payload) {

    /** Bumped whenever the frame layout or a payload changes incompatibly. */
    public static final int PROTOCOL_VERSION = 1;

    /** Frame types. The byte values are part of the protocol. */
    public enum Type {
        /** Child to parent, first frame: protocol version and pid. */
        HELLO(1),
        /** Parent to child: function name and encoded inputs. */
        TASK(2),
        /** Child to parent: failed-item count and encoded outputs. */
        RESULT(3);

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
