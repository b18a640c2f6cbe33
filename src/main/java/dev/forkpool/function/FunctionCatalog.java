package dev.forkpool.function;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The functions on the classpath, by name. Plain Java, so the worker can use it without Spring.
 */
public final class FunctionCatalog {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Map<String, JobFunction> byName;

    private FunctionCatalog(Map<String, JobFunction> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Loads every {@link JobFunction} that {@link ServiceLoader} finds through the given class loader. */
    public static FunctionCatalog load(ClassLoader loader) {
        Map<String, JobFunction> byName = new TreeMap<>();
        for (JobFunction f : ServiceLoader.load(JobFunction.class, loader)) {
            if (!NAME.matcher(f.name()).matches()) {
                throw new IllegalStateException("function name '" + f.name() + "' of "
                        + f.getClass().getName() + " must match " + NAME.pattern());
            }
            JobFunction previous = byName.putIfAbsent(f.name(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two functions are named '" + f.name() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new FunctionCatalog(byName);
    }

    /** The function of that name, or null. */
    public JobFunction find(String name) {
        return byName.get(name);
    }

    /** All functions, sorted by name. */
    public Collection<JobFunction> all() {
        return byName.values();
    }
}
