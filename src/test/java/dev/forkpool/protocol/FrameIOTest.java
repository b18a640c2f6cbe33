package dev.forkpool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameIOTest {
    private static final int CAP = 1024;

    private static byte[] written(Frame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameIO io = new FrameIO(null, out, CAP);
        for (Frame f : frames) {
            io.write(f);
        }
        return out.toByteArray();
    }

    private static FrameIO reading(byte[] bytes) {
        return new FrameIO(new ByteArrayInputStream(bytes), null, CAP);
    }

    @Test
    void framesRoundTripInOrderThenCleanEndOfStream() throws IOException {
        byte[] task = Messages.task(new Messages.Task("square", NumberCodec.encode(List.of(1L, 2L))));
        FrameIO io = reading(written(
                new Frame(Frame.Type.HELLO, 0, Messages.hello(new Messages.Hello(Frame.PROTOCOL_VERSION, 4242))),
                new Frame(Frame.Type.TASK, Long.MAX_VALUE, task),
                new Frame(Frame.Type.RESULT, 7, new byte[0])));

        Frame hello = io.read();
        assertThat(hello.type()).isEqualTo(Frame.Type.HELLO);
        assertThat(Messages.hello(hello.payload())).isEqualTo(new Messages.Hello(Frame.PROTOCOL_VERSION, 4242));
        Frame t = io.read();
        assertThat(t.type()).isEqualTo(Frame.Type.TASK);
        assertThat(t.requestId()).isEqualTo(Long.MAX_VALUE);
        Messages.Task decoded = Messages.task(t.payload());
        assertThat(decoded.function()).isEqualTo("square");
        assertThat(NumberCodec.decode(decoded.inputs())).containsExactly(1L, 2L);
        Frame r = io.read();
        assertThat(r.type()).isEqualTo(Frame.Type.RESULT);
        assertThat(r.requestId()).isEqualTo(7);
        assertThat(r.payload()).isEmpty();
        assertThat(io.read()).isNull();
    }

    @Test
    void resultPayloadRoundTrips() {
        byte[] outputs = NumberCodec.encode(List.of(1L, new ItemFailure("x")));
        Messages.Result back = Messages.result(Messages.result(new Messages.Result(1, outputs)));

        assertThat(back.failed()).isEqualTo(1);
        assertThat(back.outputs()).isEqualTo(outputs);
    }

    @Test
    void writingAFrameOverTheCapIsRefused() {
        FrameIO io = new FrameIO(null, new ByteArrayOutputStream(), CAP);

        assertThatThrownBy(() -> io.write(new Frame(Frame.Type.TASK, 1, new byte[CAP])))
                .isInstanceOf(FrameIO.MalformedFrameException.class)
                .hasMessageContaining("exceeds the cap of " + CAP);
    }

    @Test
    void readingAFrameOverTheCapIsRefusedBeforeItsPayloadIsRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameIO(null, out, CAP * 2).write(new Frame(Frame.Type.RESULT, 1, new byte[CAP]));

        assertThatThrownBy(() -> reading(out.toByteArray()).read())
                .isInstanceOf(FrameIO.MalformedFrameException.class)
                .hasMessageContaining("frame length " + (CAP + 9))
                .hasMessageContaining("9.." + CAP);
    }

    @Test
    void garbageOnTheChannelIsReportedWithTheBytesAndAHint() {
        byte[] garbage = "Hello from a stray println\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> reading(garbage).read())
                .isInstanceOf(FrameIO.MalformedFrameException.class)
                .hasMessageContaining("48 65 6c 6c")
                .hasMessageContaining("\"Hell\"")
                .hasMessageContaining("Did something print to stdout?");
    }

    @Test
    void aLengthShorterThanTheHeaderIsMalformed() {
        assertThatThrownBy(() -> reading(new byte[] {0, 0, 0, 3, 1, 2, 3}).read())
                .isInstanceOf(FrameIO.MalformedFrameException.class)
                .hasMessageContaining("Did something print to stdout?");
    }

    @Test
    void anUnknownFrameTypeIsMalformed() throws IOException {
        byte[] bytes = written(new Frame(Frame.Type.TASK, 1, new byte[] {1}));
        bytes[4] = 42;

        assertThatThrownBy(() -> reading(bytes).read())
                .isInstanceOf(FrameIO.MalformedFrameException.class)
                .hasMessageContaining("unknown frame type 42");
    }

    @Test
    void aStreamEndingInsideAFrameIsMalformed() throws IOException {
        byte[] bytes = written(new Frame(Frame.Type.RESULT, 1, new byte[100]));

        assertThatThrownBy(
                        () -> reading(Arrays.copyOf(bytes, bytes.length - 10)).read())
                .isInstanceOf(FrameIO.MalformedFrameException.class)
                .hasMessageContaining("stream ended inside a RESULT frame");
    }

    @Test
    void aStreamEndingInsideTheLengthIsAnError() {
        assertThatThrownBy(() -> reading(new byte[] {0, 0}).read()).isInstanceOf(IOException.class);
    }
}
