package dev.forkpool.function;

/**
 * Returns its input exactly: integers of any size, decimals with their scale. Useful to test a
 * pipeline, and the benchmark's measure of what moving a number through forkpool costs.
 */
public final class IdentityFunction implements JobFunction {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public String description() {
        return "x itself, exactly: integers of any size and decimals as written";
    }

    @Override
    public Number apply(Number input) {
        return input;
    }
}
