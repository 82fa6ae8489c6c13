package dev.bursar.devnet.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of files and byte arrays, used to verify everything the devnet installs and to key its cache.
 */
public final class FileDigest {

    private FileDigest() {
    }

    public static String sha256(Path file) {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new InstallException("cannot read " + file + " to verify its checksum: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** Throws if {@code file} is missing or its SHA-256 differs from {@code expectedHex}. */
    public static void verify(Path file, String expectedHex, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InstallException(what + " is missing at " + file);
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expectedHex)) {
            throw new InstallException(what + " at " + file + " has sha256 " + actual + ", expected " + expectedHex
                    + "; delete it and run again to fetch it anew");
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
