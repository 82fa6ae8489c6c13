package dev.bursar.runtime.bench;

/**
 * Ends a bench main's JVM when its work ends: exit 0, or the failure's stack trace and exit 1, so that a pool thread
 * left behind by a library cannot keep a failed bench hanging.
 */
final class BenchExit {

    /** A bench's work. */
    interface Work {
        void run() throws Exception;
    }

    private BenchExit() {
    }

    static void after(Work work) {
        try {
            work.run();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
