package dev.routec.compiler.diag;

import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The front end's test corpora under {@code compiler/src/test/resources}: locating them in the
 * source tree (so goldens can be rewritten in place), reading them and checking them.
 */
public final class Corpus {
    private Corpus() {}

    /** {@code compiler/src/test/resources} in the source tree. */
    public static Path resources() {
        List<Path> candidates = new ArrayList<>();
        String root = System.getProperty("routec.root", "");
        if (!root.isBlank()) candidates.add(Path.of(root, "compiler", "src", "test", "resources"));
        candidates.add(Path.of("src", "test", "resources"));
        candidates.add(Path.of("compiler", "src", "test", "resources"));
        return candidates.stream()
                .filter(p -> Files.isDirectory(p.resolve("syntax")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no compiler/src/test/resources; set -Droutec.root"));
    }

    /** The {@code .route} files of a corpus directory, sorted by name. */
    public static List<Path> files(String dir) {
        try (Stream<Path> s = Files.list(resources().resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".route")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the front end on a corpus file, named by its file name. */
    public static Frontend.Result check(Path p) {
        return Frontend.check(new SourceFile(p.getFileName().toString(), read(p)));
    }

    /** A one-line summary of a diagnostic, for failure messages. */
    public static String brief(Diagnostic d) {
        return d.severity().word() + " " + d.code().id() + " " + d.span().line() + ":"
                + d.span().column() + " "
                + d.message() + (d.help().isEmpty() ? "" : "  help: " + String.join(" | ", d.help()))
                + d.labels().stream()
                        .map(l -> "  label " + l.span().line() + ":" + l.span().column() + " " + l.message())
                        .reduce("", String::concat);
    }
}
