package dev.forkpool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.function.FunctionCatalog;
import dev.forkpool.protocol.Frame;
import dev.forkpool.protocol.FrameIO;
import dev.forkpool.protocol.ItemFailure;
import dev.forkpool.protocol.Messages;
import dev.forkpool.protocol.NumberCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerMainTest {
    private static final FunctionCatalog CATALOG = FunctionCatalog.load(WorkerMainTest.class.getClassLoader());

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<Object> run(String function, List<?> inputs) {
        Messages.Result result = WorkerMain.run(CATALOG, new Messages.Task(function, NumberCodec.encode(inputs)));
        List<Object> outputs = NumberCodec.decode(result.outputs());
        assertThat(result.failed()).isEqualTo((int)
                outputs.stream().filter(o -> o instanceof ItemFailure).count());
        return outputs;
    }

    @Test
    void appliesTheFunctionToEachItem() {
        assertThat(run("square", List.of(1L, 2L, new BigInteger("12345678901234567890"), new BigDecimal("2.5"))))
                .containsExactly(
                        1L, 4L, new BigInteger("152415787532388367501905199875019052100"), new BigDecimal("6.25"));
    }

    @Test
    void anItemThatThrowsFailsAloneWithItsMessage() {
        assertThat(run("crashy", List.of(6L, 7L, 8L)))
                .containsExactly(6L, new ItemFailure("IllegalStateException: seven is unlucky"), 8L);
    }

    @Test
    void anUnknownFunctionFailsEveryItem() {
        assertThat(run("nope", List.of(1L, 2L)))
                .containsOnly(new ItemFailure("IllegalStateException: no function named 'nope' in this worker"));
    }

    @Test
    void aRealWorkerSaysHelloAnswersTasksKeepsStrayPrintsOffTheChannelAndExitsOnEndOfInput()
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(
                        java,
                        "-Xshare:auto",
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerMain.class.getName(),
                        "65536")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        FrameIO io = new FrameIO(child.getInputStream(), child.getOutputStream(), 65536);

        Frame hello = io.read();
        assertThat(hello.type()).isEqualTo(Frame.Type.HELLO);
        assertThat(Messages.hello(hello.payload())).isEqualTo(new Messages.Hello(Frame.PROTOCOL_VERSION, child.pid()));

        // crashy prints to stdout on 42: the frame after it must still parse.
        io.write(new Frame(
                Frame.Type.TASK,
                99,
                Messages.task(new Messages.Task("crashy", NumberCodec.encode(List.of(42L, 7L, 5L))))));
        Frame result = io.read();
        assertThat(result.type()).isEqualTo(Frame.Type.RESULT);
        assertThat(result.requestId()).isEqualTo(99);
        Messages.Result r = Messages.result(result.payload());
        assertThat(r.failed()).isEqualTo(1);
        assertThat(NumberCodec.decode(r.outputs()))
                .containsExactly(42L, new ItemFailure("IllegalStateException: seven is unlucky"), 5L);

        child.getOutputStream().close();
        await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
        assertThat(child.exitValue()).isZero();
        assertThat(io.read()).isNull();
    }

    @Test
    void aRealWorkerRunsQueuedTasksInOrderAndDropsAQueuedTaskOnCancelButNotARunningOne()
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(), "65536")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        FrameIO io = new FrameIO(child.getInputStream(), child.getOutputStream(), 65536);
        assertThat(io.read().type()).isEqualTo(Frame.Type.HELLO);

        io.write(new Frame(
                Frame.Type.TASK, 1, Messages.task(new Messages.Task("sleep", NumberCodec.encode(List.of(1500L))))));
        io.write(new Frame(
                Frame.Type.TASK, 2, Messages.task(new Messages.Task("square", NumberCodec.encode(List.of(3L))))));
        io.write(new Frame(
                Frame.Type.TASK, 3, Messages.task(new Messages.Task("square", NumberCodec.encode(List.of(4L))))));
        io.write(new Frame(Frame.Type.CANCEL, 2, new byte[0]));

        // Task 2 waits behind task 1: it is dropped and never answered; 1 and 3 run in order.
        List<Frame> frames = new java.util.ArrayList<>();
        while (frames.isEmpty() || frames.getLast().requestId() != 3) {
            frames.add(io.read());
        }
        assertThat(frames)
                .extracting(f -> f.type() + "/" + f.requestId())
                .containsExactlyInAnyOrder("CANCEL_REPLY/2", "RESULT/1", "RESULT/3")
                .containsSubsequence("RESULT/1", "RESULT/3");
        Frame reply = frames.stream()
                .filter(f -> f.type() == Frame.Type.CANCEL_REPLY)
                .findFirst()
                .orElseThrow();
        assertThat(Messages.cancelReply(reply.payload())).isTrue();
        assertThat(NumberCodec.decode(
                        Messages.result(frames.getLast().payload()).outputs()))
                .containsExactly(16L);

        // Too late: task 3 has run.
        io.write(new Frame(Frame.Type.CANCEL, 3, new byte[0]));
        Frame late = io.read();
        assertThat(late.type()).isEqualTo(Frame.Type.CANCEL_REPLY);
        assertThat(Messages.cancelReply(late.payload())).isFalse();
    }
}
