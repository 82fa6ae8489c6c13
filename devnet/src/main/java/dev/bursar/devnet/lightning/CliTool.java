package dev.bursar.devnet.lightning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a node's own command-line client (lncli, btcctl) with fixed connection flags and parses its JSON answer.
 */
final class CliTool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<String> prefix;

    CliTool(String name, List<String> prefix) {
        this.name = name;
        this.prefix = List.copyOf(prefix);
    }

    /** Runs {@code args} and returns the output parsed as JSON (a text node when it is not JSON). */
    JsonNode json(String... args) {
        String out = text(args);
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(out.trim());
        }
    }

    /** Runs {@code args} and returns standard output; throws with standard error if the command fails. */
    String text(String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            byte[] stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DevnetException(name + " " + String.join(" ", args) + " did not answer in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new DevnetException(name + " " + String.join(" ", args) + " failed: "
                        + new String(stderr, StandardCharsets.UTF_8).trim() + new String(stdout, StandardCharsets.UTF_8).trim());
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DevnetException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while running " + name, e);
        }
    }
}
