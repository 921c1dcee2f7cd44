package dev.stacksolo.bench;

/** One timed phase of a workload run, printed as {@code phase=<name> ms=<wall ms> ops=<count>}. */
final class Phases {

    /** With STACKSOLO_BENCH_CPU=1, each line also gives the CPU time of the calling thread (user + system). */
    private static final boolean CPU = "1".equals(System.getenv("STACKSOLO_BENCH_CPU"));

    private Phases() {}

    /** Work of one phase; it may throw what the driver under it throws. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work}, prints its phase line, and returns its result; a checked failure is rethrown unchecked. */
    static <T> T timed(String name, int ops, Work<T> work) {
        java.lang.management.ThreadMXBean threads = CPU ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
        long cpuStart = CPU ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        T result;
        try {
            result = work.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("phase=" + name + " ms=" + ms + " ops=" + ops
                + (CPU ? " cpu_ms=" + (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000 : ""));
        return result;
    }
}
