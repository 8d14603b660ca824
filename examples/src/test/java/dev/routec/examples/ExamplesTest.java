package dev.routec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.interp.TestRunner;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example checks cleanly (no errors, no warnings) and its tests pass on the interpreter. */
class ExamplesTest {
    static Stream<Path> examples() throws IOException {
        Path dir = Path.of(System.getProperty("routec.root", "..")).resolve("examples");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".route")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void checksCleanlyAndItsTestsPass(Path file) throws IOException {
        Frontend.Result r = Frontend.check(new SourceFile(file.getFileName().toString(), Files.readString(file)));
        String diags = r.diags().sorted().stream().map(Renderer::render).reduce("", String::concat);
        assertEquals("", diags, "diagnostics for " + file);
        assertFalse(r.policies().isEmpty());
        int tests = 0;
        for (CheckedPolicy p : r.policies()) {
            for (TestRunner.TestResult t : new TestRunner(p).runAll()) {
                tests++;
                assertTrue(t.passed(), () -> p.name() + " / " + t.name() + ": " + t);
            }
        }
        assertTrue(tests > 0, file + " has no tests");
    }
}
