package dev.bursar.runtime.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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
 * {@code toString()}, up to 400 characters. The messages of recent conversations are also kept in memory (written
 * through, bounded), because a chat turn reads its conversation four or five times; so use one store per database in
 * a process.
 */
public final class JdbcChatMemoryStore implements ChatMemoryStore {

    private static final int MAX_ID_LENGTH = 400;
    /** Recent conversations kept in memory by default (a 20-message conversation is a few KB). */
    public static final int DEFAULT_CACHED_CONVERSATIONS = 4096;

    private final DataSource dataSource;
    private final int cachedConversations;
    /** Conversation id to its messages as last read or written; a key's reads and writes run inside its compute. */
    private final Cache<String, List<ChatMessage>> recent;

    public JdbcChatMemoryStore(DataSource dataSource) {
        this(dataSource, DEFAULT_CACHED_CONVERSATIONS);
    }

    /** A store keeping up to {@code cachedConversations} conversations in memory (0: read the database every time). */
    public JdbcChatMemoryStore(DataSource dataSource, int cachedConversations) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (cachedConversations < 0) {
            throw new IllegalArgumentException("cachedConversations must be 0 or more, got " + cachedConversations);
        }
        this.cachedConversations = cachedConversations;
        this.recent = Caffeine.newBuilder().maximumSize(cachedConversations).build();
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String id = id(memoryId);
        if (cachedConversations == 0) {
            return read(id);
        }
        return recent.get(id, this::read);
    }

    private List<ChatMessage> read(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT messages_json FROM chat_memory WHERE conversation_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? List.copyOf(ChatMessageDeserializer.messagesFromJson(rs.getString(1))) : List.of();
            }
        } catch (SQLException e) {
            throw failure("reading the chat memory of conversation '" + id + "'", e);
        }
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String id = id(memoryId);
        List<ChatMessage> copy = messages == null ? List.of() : List.copyOf(messages);
        if (cachedConversations == 0) {
            write(id, copy);
            return;
        }
        // the database first: a failed write leaves the cache as it was
        recent.asMap().compute(id, (k, old) -> {
            write(id, copy);
            return copy;
        });
    }

    private void write(String id, List<ChatMessage> messages) {
        String json = ChatMessageSerializer.messagesToJson(messages);
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
        recent.asMap().compute(id, (k, old) -> {
            delete(id);
            return null;
        });
    }

    private void delete(String id) {
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
