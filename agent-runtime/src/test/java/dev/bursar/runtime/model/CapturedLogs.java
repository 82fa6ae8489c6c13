package dev.bursar.runtime.model;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Records every log line of LangChain4j and Bursar, at every level, while a test runs. */
final class CapturedLogs extends Handler implements AutoCloseable {

    private static final String[] LOGGERS = {"", "dev.langchain4j", "dev.bursar"};

    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<Level> previous = new ArrayList<>();

    CapturedLogs() {
        setLevel(Level.ALL);
        for (String name : LOGGERS) {
            Logger logger = Logger.getLogger(name);
            previous.add(logger.getLevel());
            if (!name.isEmpty()) {
                logger.setLevel(Level.ALL);
            }
        }
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(formatter.format(record));
    }

    synchronized String all() {
        return String.join("", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < LOGGERS.length; i++) {
            Logger.getLogger(LOGGERS[i]).setLevel(previous.get(i));
        }
    }
}
