package dev.forkpool.pool;

/** Which entries of the service's class path a worker gets ({@code forkpool.pool.class-path}). */
public enum ClassPathMode {
    /** Class directories and the jars that declare a JobFunction: the fastest start. */
    FUNCTIONS,
    /** The service's whole class path, for function jars that need other libraries. */
    FULL
}
