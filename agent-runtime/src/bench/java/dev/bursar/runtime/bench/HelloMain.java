package dev.bursar.runtime.bench;

/**
 * The baseline of {@link StartupBench}: a JVM that starts, prints one line and exits.
 */
public final class HelloMain {

    private HelloMain() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
