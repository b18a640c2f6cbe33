package dev.forkpool.function;

/**
 * A test-only function, found through the test class path's {@code META-INF/services} like any
 * plugin: on 13 it halts its own JVM, on 7 it throws, on 42 it prints to stdout (which must not
 * corrupt the frame channel), otherwise it returns its input.
 */
public final class CrashyFunction implements JobFunction {
    /** The exit status of the halt on 13. */
    public static final int HALT_STATUS = 13;

    @Override
    public String name() {
        return "crashy";
    }

    @Override
    public String description() {
        return "test only: halts its worker on 13, throws on 7, prints on 42, returns n";
    }

    @Override
    public Number apply(Number input) {
        long n = input.longValue();
        if (n == 13) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        if (n == 7) {
            throw new IllegalStateException("seven is unlucky");
        }
        if (n == 42) {
            System.out.println("a stray print from a function");
            System.out.flush();
        }
        return input;
    }
}
