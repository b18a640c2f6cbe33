package dev.forkpool.function;

/**
 * A function that jobs apply to each of their items. Implementations are found with {@link
 * java.util.ServiceLoader}: list the class in {@code META-INF/services/dev.forkpool.function.JobFunction}
 * in a jar on the classpath. Nothing else can run in a worker.
 *
 * <p>An item reaches {@link #apply} as a {@link Long} when it is an integer that fits in 64 bits, a
 * {@link java.math.BigInteger} when it is a larger integer, and a {@link java.math.BigDecimal} when
 * it was written with a fraction or an exponent. The result may be any of the three.
 *
 * <p>Both methods run in two places: {@link #checkInput} in the service before a job is accepted,
 * {@link #apply} in a worker process. Keep them free of shared state.
 */
public interface JobFunction {

    /** The name in {@code POST /jobs/{name}}: lower case letters, digits and dashes. */
    String name();

    /** One line for {@code GET /functions}. */
    String description();

    /**
     * Checks one input before the job is created.
     *
     * @return null if the input is in the function's domain, otherwise a message a caller can act on
     */
    default String checkInput(Number input) {
        return null;
    }

    /**
     * A rough estimate of what one item costs a worker, in nanoseconds of wall time, used to size
     * chunks before this node has learned the function's cost from finished chunks. It must be
     * cheap: the service calls it on a sample of a job's items at submit.
     *
     * @return the estimate, or a negative number if the function cannot tell (the default)
     */
    default long costHintNanos(Number input) {
        return -1;
    }

    /** Computes the result for one item. An exception fails only this item, with its message. */
    Number apply(Number input) throws Exception;
}
