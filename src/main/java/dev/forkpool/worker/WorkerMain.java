package dev.forkpool.worker;

import dev.forkpool.function.FunctionCatalog;
import dev.forkpool.function.JobFunction;
import dev.forkpool.protocol.Frame;
import dev.forkpool.protocol.FrameIO;
import dev.forkpool.protocol.Messages;
import dev.forkpool.protocol.NumberCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The worker process. It starts no Spring context and loads few classes, because its start-up
 * time is the pool's respawn time. It reads TASK frames on stdin, answers RESULT frames on stdout,
 * and exits on end of stdin, so it never outlives the service that started it, even one killed
 * with SIGKILL.
 *
 * <p>Argument: the frame size cap in bytes.
 */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) throws IOException {
        // The real stdout carries frames and nothing else: a stray print from a function would
        // corrupt the channel, so everything printed goes to stderr, which the parent logs.
        PrintStream frames = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        System.setOut(System.err);
        int maxFrame = args.length > 0 ? Integer.parseInt(args[0]) : 64 << 20;
        FrameIO io = new FrameIO(
                new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
                new BufferedOutputStream(frames, 1 << 16),
                maxFrame);
        // Load the functions before HELLO: a worker that says it is ready should be ready to compute.
        FunctionCatalog catalog = FunctionCatalog.load(WorkerMain.class.getClassLoader());
        io.write(new Frame(
                Frame.Type.HELLO,
                0,
                Messages.hello(new Messages.Hello(
                        Frame.PROTOCOL_VERSION, ProcessHandle.current().pid()))));

        // Frames are read on their own thread so that end of stdin is seen at once, even in the
        // middle of a long item: the service is gone (perhaps killed with SIGKILL), and a worker
        // must not outlive it. The parent sends at most forkpool.pool.prefetch tasks ahead, and
        // this loop runs them in the order they came, so the queue stays tiny.
        BlockingQueue<Frame> tasks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readUntilEnd(io, tasks), "stdin");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            Frame frame;
            try {
                frame = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            Messages.Task task = Messages.task(frame.payload());
            Messages.Result result = run(catalog, task);
            synchronized (io) {
                io.write(new Frame(Frame.Type.RESULT, frame.requestId(), Messages.result(result)));
            }
        }
    }

    private static void readUntilEnd(FrameIO io, BlockingQueue<Frame> tasks) {
        int status = 0;
        try {
            Frame frame;
            while ((frame = io.read()) != null) {
                if (frame.type() == Frame.Type.TASK) {
                    tasks.add(frame);
                } else if (frame.type() == Frame.Type.CANCEL) {
                    cancel(io, tasks, frame.requestId());
                } else {
                    System.err.println("expected a TASK or CANCEL frame, got " + frame.type());
                    status = 2;
                    break;
                }
            }
        } catch (IOException e) {
            System.err.println("cannot read from the service: " + e.getMessage());
            status = 2;
        }
        // halt, not exit: no shutdown hooks to wait for, and the item in progress is abandoned.
        Runtime.getRuntime().halt(status);
    }

    /**
     * Drops a queued task and says whether it did. The removal and the reply happen under the
     * output lock, so the reply goes out before the RESULT of any task that runs after the dropped
     * one: the parent then sees answers in the order the tasks would have run.
     */
    private static void cancel(FrameIO io, BlockingQueue<Frame> tasks, long requestId) throws IOException {
        synchronized (io) {
            boolean dropped = tasks.removeIf(t -> t.requestId() == requestId);
            io.write(new Frame(Frame.Type.CANCEL_REPLY, requestId, Messages.cancelReply(dropped)));
        }
    }

    static Messages.Result run(FunctionCatalog catalog, Messages.Task task) {
        // Items are read and written one at a time, straight from and to the encoded bytes: no list
        // of a chunk's inputs or outputs is ever built.
        NumberCodec.Reader inputs = NumberCodec.reader(task.inputs());
        JobFunction function = catalog.find(task.function());
        NumberCodec.Writer outputs = new NumberCodec.Writer(inputs.count());
        int failed = 0;
        while (inputs.hasNext()) {
            int kind = inputs.next();
            try {
                if (function == null) {
                    throw new IllegalStateException("no function named '" + task.function() + "' in this worker");
                }
                Number input = kind == NumberCodec.LONG ? Long.valueOf(inputs.longValue()) : (Number) inputs.value();
                Number output = function.apply(input);
                if (output instanceof Long l) {
                    outputs.writeLong(l);
                } else {
                    outputs.write(output);
                }
            } catch (Exception e) {
                failed++;
                outputs.writeFailure(describe(e));
            }
        }
        return new Messages.Result(failed, outputs.toByteArray());
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (e instanceof IllegalArgumentException && message != null) {
            return message;
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
