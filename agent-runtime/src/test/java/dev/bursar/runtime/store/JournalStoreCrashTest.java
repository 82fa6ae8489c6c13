package dev.bursar.runtime.store;

import dev.bursar.wallet.journal.JournalEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable append on the embedded H2 database survives the process dying right after it returns (no close, no
 * shutdown hook): a child JVM appends and halts, this one reopens the database. (Checked when written: the same
 * append made lazily, without H2's {@code CHECKPOINT SYNC}, is lost this way.)
 */
class JournalStoreCrashTest {

    @TempDir
    Path dir;

    /** Run in the child JVM: appends one durable event to the H2 database in {@code args[0]}, then halts. */
    public static void main(String[] args) {
        BursarDatabase db = BursarDatabase.embedded(Path.of(args[0]));
        JdbcSpendJournal journal = db.spendJournal();
        journal.append(new JournalEvent.ApprovalExpired("before-crash", Instant.parse("2026-11-22T12:00:00Z")), true);
        System.out.println("appended");
        Runtime.getRuntime().halt(0);
    }

    @Test
    void aDurableAppendSurvivesTheProcessDyingRightAfter() throws Exception {
        Path data = dir.resolve("data");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, JournalStoreCrashTest.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as(output).contains("appended");

        try (BursarDatabase db = BursarDatabase.embedded(data)) {
            List<JournalEvent> events = db.spendJournal().replay();
            assertThat(events).extracting(JournalEvent::entryId).containsExactly("before-crash");
        }
    }
}
