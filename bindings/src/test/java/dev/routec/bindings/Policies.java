package dev.routec.bindings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.emit.JavaBindings;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Policy sources for the tests: the golden cases of the generator and the examples. */
final class Policies {
    private Policies() {}

    static final String PACKAGE = "com.example.routec";

    static Path root() {
        return Path.of(System.getProperty("routec.root", "..")).toAbsolutePath().normalize();
    }

    /** Every {@code .route} file the bindings are tried on, sorted. */
    static List<Path> sources() {
        Path golden = root().resolve("compiler/src/test/resources/golden/bindings");
        try (Stream<Path> g = Files.list(golden);
                Stream<Path> e = Files.list(root().resolve("examples"))) {
            return Stream.concat(g.map(d -> d.resolve("input.route")).filter(Files::exists), e.filter(p -> p.toString()
                            .endsWith(".route")))
                    .sorted()
                    .toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static List<CheckedPolicy> check(String name, String text) {
        Frontend.Result r = Frontend.check(new SourceFile(name, text));
        assertTrue(
                r.ok(),
                () -> name + ":\n"
                        + r.diags().sorted().stream().map(Renderer::render).collect(Collectors.joining("\n")));
        return r.policies();
    }

    static List<JavaFile> bindings(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String name = file.getFileName().toString();
            return JavaBindings.generate(check(name, text), name, PACKAGE);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
