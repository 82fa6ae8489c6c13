package dev.bursar.runtime.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one model's section of docs/eval.md, between markers, keeping the other models' sections and the prose. */
final class EvalDoc {

    private EvalDoc() {
    }

    static void writeSection(Path file, String model, String section) throws IOException {
        String begin = "<!-- eval:" + model + " -->";
        String end = "<!-- /eval:" + model + " -->";
        String doc = Files.exists(file) ? Files.readString(file) : "# Agent eval\n\nWritten by `./bursar eval`; see eval/README.md.\n\n";
        String block = begin + "\n" + section.strip() + "\n" + end;
        int b = doc.indexOf(begin);
        int e = doc.indexOf(end);
        doc = b >= 0 && e > b ? doc.substring(0, b) + block + doc.substring(e + end.length()) : doc.stripTrailing() + "\n\n" + block + "\n";
        Files.writeString(file, doc);
    }
}
