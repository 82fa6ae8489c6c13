package dev.bursar.runtime.model;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The string metadata of a GGUF file (architecture, chat template, name), read in Java before llama.cpp sees the
 * file, so a truncated or foreign file fails with a clear message instead of reaching native code.
 */
record GgufHeader(long version, long tensorCount, Map<String, String> strings) {

    static final String CHAT_TEMPLATE = "tokenizer.chat_template";
    static final String ARCHITECTURE = "general.architecture";

    String architecture() {
        return strings.getOrDefault(ARCHITECTURE, "unknown");
    }

    String chatTemplate() {
        return strings.get(CHAT_TEMPLATE);
    }

    static GgufHeader read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = in.readNBytes(4);
            if (!new String(magic, StandardCharsets.ISO_8859_1).equals("GGUF")) {
                throw new ModelLoadException(file, "not a GGUF file (it does not start with the GGUF magic)");
            }
            long version = u32(in);
            if (version < 2 || version > 3) {
                throw new ModelLoadException(file, "unsupported GGUF version " + version);
            }
            long tensors = u64(in);
            long kvCount = u64(in);
            if (kvCount > 100_000 || tensors > 1_000_000) {
                throw new ModelLoadException(file, "damaged GGUF header (" + kvCount + " keys, " + tensors + " tensors)");
            }
            Map<String, String> strings = new HashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = string(in);
                int type = (int) u32(in);
                if (type == 8) {
                    strings.put(key, string(in));
                } else {
                    skip(in, type);
                }
            }
            if (tensors == 0) {
                throw new ModelLoadException(file, "the GGUF holds no tensors");
            }
            return new GgufHeader(version, tensors, Map.copyOf(strings));
        } catch (EOFException e) {
            throw new ModelLoadException(file, "the GGUF header is truncated (incomplete download?)", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read it: " + e.getMessage(), e);
        }
    }

    private static void skip(DataInputStream in, int type) throws IOException {
        switch (type) {
            case 0, 1, 7 -> in.skipNBytes(1);
            case 2, 3 -> in.skipNBytes(2);
            case 4, 5, 6 -> in.skipNBytes(4);
            case 10, 11, 12 -> in.skipNBytes(8);
            case 8 -> in.skipNBytes(length(in));
            case 9 -> {
                int itemType = (int) u32(in);
                long count = u64(in);
                if (count < 0 || count > 50_000_000) {
                    throw new IOException("damaged GGUF array of " + count + " items");
                }
                for (long j = 0; j < count; j++) {
                    skip(in, itemType);
                }
            }
            default -> throw new IOException("unknown GGUF value type " + type);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(in.readNBytes(length(in)), StandardCharsets.UTF_8);
    }

    private static int length(DataInputStream in) throws IOException {
        long n = u64(in);
        if (n < 0 || n > 64 * 1024 * 1024) {
            throw new IOException("damaged GGUF string of length " + n);
        }
        return (int) n;
    }

    private static long u32(DataInputStream in) throws IOException {
        return Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
    }

    private static long u64(DataInputStream in) throws IOException {
        return Long.reverseBytes(in.readLong());
    }
}
