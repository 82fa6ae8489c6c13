package dev.bursar.runtime.store;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded default (H2) and connection errors; {@link JdbcStoresIT} runs the stores on H2 and PostgreSQL. */
class EmbeddedStoreTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDatabaseIsCreatedUnderTheDataDirectoryAndMigratedOnce() throws Exception {
        Path data = dir.resolve("data");
        try (BursarDatabase db = BursarDatabase.embedded(data)) {
            assertThat(db.dialect()).isEqualTo(SqlDialect.H2);
            assertThat(db.url()).startsWith("jdbc:h2:file:" + data.toAbsolutePath());
            assertThat(tables(db)).contains("AGENT", "API_KEY", "BURSAR_USER", "CHAT_MEMORY", "SPEND_JOURNAL");
            db.users().issueKey("alice", Role.ADMIN);
        }
        assertThat(Files.exists(data.resolve("bursar.mv.db"))).isTrue();
        try (BursarDatabase again = BursarDatabase.embedded(data)) {
            assertThat(again.users().find("alice")).contains(new User("alice", Role.ADMIN));
            try (Connection c = again.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'")) {
                List<String> applied = new ArrayList<>();
                while (rs.next()) {
                    applied.add(rs.getString(1));
                }
                assertThat(applied).as("each migration applied once, not again at the second open").containsExactly("1", "2", "3", "4");
            }
        }
    }

    @Test
    void anUnreachableServerIsATypedErrorNamingTheUrlButNotThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/bursar?password=hunter2&ssl=false";
        assertThatThrownBy(() -> BursarDatabase.connect(url, "bursar", "hunter2"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/bursar?password=***&ssl=false")
                .hasMessageContaining("not reachable")
                .hasMessageContaining("as user 'bursar'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void urlsLoseTheirPasswords() {
        assertThat(BursarDatabase.redact("jdbc:h2:file:/d/bursar;USER=sa;PASSWORD=s3cret;DB_CLOSE_ON_EXIT=FALSE"))
                .isEqualTo("jdbc:h2:file:/d/bursar;USER=sa;PASSWORD=***;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(BursarDatabase.redact("jdbc:postgresql://db/bursar?user=u&password=p&x=1"))
                .isEqualTo("jdbc:postgresql://db/bursar?user=u&password=***&x=1");
    }

    @Test
    void chatMemoryKeepsRecentConversationsInMemoryButStoresEveryUpdate() {
        try (BursarDatabase db = BursarDatabase.embedded(dir.resolve("data"))) {
            JdbcChatMemoryStore memory = new JdbcChatMemoryStore(db.dataSource(), 2);
            for (int i = 0; i < 3; i++) {
                memory.updateMessages("alice/c" + i, List.of(UserMessage.from("hi " + i)));
            }
            memory.updateMessages("alice/c0", List.of(UserMessage.from("hi 0"), AiMessage.from("hello")));
            JdbcChatMemoryStore afterRestart = new JdbcChatMemoryStore(db.dataSource(), 0);
            assertThat(afterRestart.getMessages("alice/c0")).containsExactly(UserMessage.from("hi 0"), AiMessage.from("hello"));
            for (int i = 0; i < 3; i++) {
                assertThat(memory.getMessages("alice/c" + i)).as("conversation %d, cached or evicted", i)
                        .isEqualTo(afterRestart.getMessages("alice/c" + i)).isNotEmpty();
            }
            memory.deleteMessages("alice/c0");
            assertThat(memory.getMessages("alice/c0")).isEmpty();
            assertThat(afterRestart.getMessages("alice/c0")).isEmpty();
        }
    }

    @Test
    void aChatMemoryUpdateTheDatabaseRefusesIsNotRemembered() {
        BursarDatabase db = BursarDatabase.embedded(dir.resolve("data"));
        JdbcChatMemoryStore memory = db.chatMemory();
        memory.updateMessages("alice/c1", List.of(UserMessage.from("hi")));
        db.close();
        assertThatThrownBy(() -> memory.updateMessages("alice/c1", List.of(UserMessage.from("hi"), AiMessage.from("hello"))))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("saving the chat memory of conversation 'alice/c1'");
        assertThat(memory.getMessages("alice/c1")).containsExactly(UserMessage.from("hi"));
    }

    private static List<String> tables(BursarDatabase db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
