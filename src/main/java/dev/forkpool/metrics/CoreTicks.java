package dev.forkpool.metrics;

import oshi.hardware.CentralProcessor.TickType;

/**
 * Per-core utilisation from two readings of the cumulative CPU tick counters (as in
 * {@code /proc/stat}): the busy share of the ticks that passed between them. Idle and I/O wait
 * count as not busy; user, nice, system, interrupts and steal count as busy.
 */
final class CoreTicks {
    private static final int IDLE = TickType.IDLE.getIndex();
    private static final int IOWAIT = TickType.IOWAIT.getIndex();

    private CoreTicks() {}

    /**
     * @param previous the earlier reading, one row of tick counters per core, or null for "since
     *     boot" (all zero)
     * @param current the later reading
     * @return one value in [0, 1] per core of {@code current}; 0 for a core whose counters did not
     *     advance or went backwards (a core taken offline and back resets them)
     */
    static double[] utilization(long[][] previous, long[][] current) {
        double[] result = new double[current.length];
        for (int core = 0; core < current.length; core++) {
            long[] before = previous != null && core < previous.length ? previous[core] : null;
            long total = 0;
            long idle = 0;
            for (int tick = 0; tick < current[core].length; tick++) {
                long delta = current[core][tick] - (before != null && tick < before.length ? before[tick] : 0);
                if (delta < 0) {
                    total = 0;
                    break;
                }
                total += delta;
                if (tick == IDLE || tick == IOWAIT) {
                    idle += delta;
                }
            }
            result[core] = total <= 0 ? 0 : Math.clamp((double) (total - idle) / total, 0.0, 1.0);
        }
        return result;
    }
}
