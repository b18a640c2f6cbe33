package dev.forkpool.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Payloads of the frame types. Inputs and outputs stay in {@link NumberCodec} form end to end, so
 * the parent passes stored bytes through without decoding a single number.
 */
public final class Messages {
    private Messages() {}

    /** The HELLO payload: protocol version and the child's pid. */
    public record Hello(int version, long pid) {}

    /** The TASK payload: which function, applied to which encoded inputs. */
    public record Task(String function, byte[] inputs) {}

    /** The RESULT payload: how many items failed, and the encoded outputs. */
    public record Result(int failed, byte[] outputs) {}

    /** The CANCEL_REPLY payload: whether the task was dropped before it started. */
    public static byte[] cancelReply(boolean dropped) {
        return new byte[] {(byte) (dropped ? 1 : 0)};
    }

    public static boolean cancelReply(byte[] payload) {
        return payload.length > 0 && payload[0] == 1;
    }

    public static byte[] hello(Hello hello) {
        return ByteBuffer.allocate(12)
                .putInt(hello.version())
                .putLong(hello.pid())
                .array();
    }

    public static Hello hello(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        return new Hello(b.getInt(), b.getLong());
    }

    public static byte[] task(Task task) {
        byte[] name = task.function().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + name.length + task.inputs().length);
        out.write(name.length >>> 8);
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(task.inputs());
        return out.toByteArray();
    }

    public static Task task(byte[] payload) {
        int len = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        String name = new String(payload, 2, len, StandardCharsets.UTF_8);
        return new Task(name, Arrays.copyOfRange(payload, 2 + len, payload.length));
    }

    public static byte[] result(Result result) {
        return ByteBuffer.allocate(4 + result.outputs().length)
                .putInt(result.failed())
                .put(result.outputs())
                .array();
    }

    public static Result result(byte[] payload) {
        int failed = ByteBuffer.wrap(payload).getInt();
        return new Result(failed, Arrays.copyOfRange(payload, 4, payload.length));
    }
}
