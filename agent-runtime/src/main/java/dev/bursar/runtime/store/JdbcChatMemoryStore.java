package dev.bursar.runtime.store;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * LangChain4j {@link ChatMemoryStore} on the runtime's database: one row per conversation holding its messages as
 * LangChain4j's own JSON ({@link ChatMessageSerializer}), replaced whole on each update. The memory id is used as its
 * {@code toString()}, up to 400 characters.
 */
public final class JdbcChatMemoryStore implements ChatMemoryStore {

    private static final int MAX_ID_LENGTH = 400;

    private final DataSource dataSource;

    public JdbcChatMemoryStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String id = id(memoryId);
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT messages_json FROM chat_memory WHERE conversation_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? ChatMessageDeserializer.messagesFromJson(rs.getString(1)) : List.of();
            }
        } catch (SQLException e) {
            throw failure("reading the chat memory of conversation '" + id + "'", e);
        }
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String id = id(memoryId);
        String json = ChatMessageSerializer.messagesToJson(messages == null ? List.of() : messages);
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                var now = JdbcUserStore.now();
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE chat_memory SET messages_json = ?, updated_at = ? WHERE conversation_id = ?")) {
                    u.setString(1, json);
                    u.setObject(2, now);
                    u.setString(3, id);
                    if (u.executeUpdate() == 1) {
                        return;
                    }
                }
                try (PreparedStatement i = c.prepareStatement(
                        "INSERT INTO chat_memory (conversation_id, messages_json, updated_at) VALUES (?, ?, ?)")) {
                    i.setString(1, id);
                    i.setString(2, json);
                    i.setObject(3, now);
                    i.executeUpdate();
                    return;
                }
            } catch (SQLException e) {
                if (attempt < 3 && "23505".equals(e.getSQLState())) {
                    continue; // inserted by another thread meanwhile: update it
                }
                throw failure("saving the chat memory of conversation '" + id + "'", e);
            }
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        String id = id(memoryId);
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM chat_memory WHERE conversation_id = ?")) {
            d.setString(1, id);
            d.executeUpdate();
        } catch (SQLException e) {
            throw failure("deleting the chat memory of conversation '" + id + "'", e);
        }
    }

    private static String id(Object memoryId) {
        Objects.requireNonNull(memoryId, "memoryId");
        String id = memoryId.toString();
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a conversation id is 1 to " + MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    private static DatabaseException failure(String what, SQLException e) {
        return new DatabaseException(what + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
}
