package dev.stacksolo.bench;

/** One timed phase of a workload run, printed as {@code phase=<name> ms=<wall ms> ops=<count>}. */
final class Phases {

    private Phases() {}

    /** Work of one phase; it may throw what the driver under it throws. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work}, prints its phase line, and returns its result; a checked failure is rethrown unchecked. */
    static <T> T timed(String name, int ops, Work<T> work) {
        long start = System.nanoTime();
        T result;
        try {
            result = work.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
        System.out.println("phase=" + name + " ms=" + (System.nanoTime() - start) / 1_000_000 + " ops=" + ops);
        return result;
    }
}
