package dev.bursar.wallet.journal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The default {@link SpendJournal}: one file of lines {@code <crc32c hex> <json>}; a durable append is fsynced before
 * it returns, a lazy one within {@value #FLUSH_MILLIS} ms. At open, a torn last line (a crash mid-write) is cut off and reported; damage anywhere else
 * stops the journal from opening, because a silently skipped record could mean a payment made twice.
 */
public final class FileSpendJournal implements SpendJournal {

    private static final System.Logger LOG = System.getLogger(FileSpendJournal.class.getName());
    /** The longest a lazily appended event stays only in the page cache. */
    private static final long FLUSH_MILLIS = 100;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final JournalCodec codec = new JournalCodec();
    private final List<JournalEvent> recovered;
    private final java.util.concurrent.ScheduledExecutorService flusher;
    private boolean dirty;

    private FileSpendJournal(Path file, FileChannel channel, FileLock lock, List<JournalEvent> recovered) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.recovered = recovered;
        this.flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spend-journal-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Forces every appended event to disk. */
    public synchronized void flush() {
        if (!dirty || !channel.isOpen()) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
        } catch (IOException e) {
            LOG.log(Level.ERROR, "spend journal {0}: flush failed: {1}", file, e.getMessage());
        }
    }

    /** Opens (or creates) the journal at {@code file}, holding an exclusive lock on it while open. */
    public static FileSpendJournal open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new JournalException("the spend journal " + file + " is in use by another process; only one may write it");
            }
            List<JournalEvent> events = recover(file, channel);
            channel.position(channel.size());
            return new FileSpendJournal(file, channel, lock, events);
        } catch (IOException e) {
            throw new JournalException("cannot open the spend journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void append(JournalEvent event, boolean durable) {
        byte[] json = codec.encode(event).getBytes(StandardCharsets.UTF_8);
        byte[] line = (crc(json) + " " + new String(json, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                channel.force(false);
                dirty = false;
            } else {
                dirty = true;
            }
            recovered.add(event);
        } catch (IOException e) {
            throw new JournalException("cannot write the spend journal " + file + " (" + e.getMessage()
                    + "); the payment was not made", e);
        }
    }

    @Override
    public synchronized List<JournalEvent> replay() {
        return List.copyOf(recovered);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        flusher.shutdownNow();
        flush();
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing spend journal {0} failed: {1}", file, e.getMessage());
        }
    }

    private static List<JournalEvent> recover(Path file, FileChannel channel) throws IOException {
        byte[] all = Files.readAllBytes(file);
        JournalCodec codec = new JournalCodec();
        List<JournalEvent> events = new ArrayList<>();
        int start = 0;
        int lineNo = 0;
        while (start < all.length) {
            int end = indexOf(all, (byte) '\n', start);
            lineNo++;
            boolean last = end < 0 || end == all.length - 1;
            String line = new String(all, start, (end < 0 ? all.length : end) - start, StandardCharsets.UTF_8);
            JournalEvent event = end < 0 ? null : parse(codec, line);
            if (event == null) {
                if (last) {
                    LOG.log(Level.WARNING, "spend journal {0}: cut off a torn last record at byte {1} (a crash during a write); "
                            + "the payment it described had not been sent", file, start);
                    channel.truncate(start);
                    channel.force(true);
                    break;
                }
                throw new JournalException("the spend journal " + file + " is damaged at line " + lineNo
                        + " (not the last one, so not a torn write); restore it from a backup before any payment is made");
            }
            events.add(event);
            start = end + 1;
        }
        return events;
    }

    private static JournalEvent parse(JournalCodec codec, String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            return null;
        }
        String json = line.substring(space + 1);
        if (!line.substring(0, space).equals(crc(json.getBytes(StandardCharsets.UTF_8)))) {
            return null;
        }
        return codec.decode(json);
    }

    private static String crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
