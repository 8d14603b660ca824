package dev.routec.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests of the generated Java bindings: each folder of {@code golden/bindings} holds an
 * {@code input.route} and one expected {@code <Class>.java} per policy (package {@value #PACKAGE}).
 * {@code -Dgolden.update=true} rewrites the expected files.
 */
class JavaBindingsGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden/bindings");
    static final String PACKAGE = "com.example.routec";
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** The bindings of {@code dir/input.route}. */
    static List<JavaFile> generate(Path dir) throws IOException {
        String text = Files.readString(dir.resolve("input.route"), StandardCharsets.UTF_8);
        Frontend.Result r = Frontend.check(new SourceFile("input.route", text));
        assertTrue(
                r.ok(),
                () -> dir + ":\n"
                        + r.diags().sorted().stream().map(Renderer::render).reduce("", String::concat));
        return JavaBindings.generate(r.policies(), "input.route", PACKAGE);
    }

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(DIR)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 3, "golden cases in " + DIR.toAbsolutePath());
        return cases.stream()
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        List<JavaFile> files = generate(dir);
        List<String> expectedNames;
        try (Stream<Path> s = Files.list(dir)) {
            expectedNames = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .sorted()
                    .toList();
        }
        List<String> names =
                files.stream().map(f -> f.typeSpec().name() + ".java").sorted().toList();
        if (UPDATE) {
            for (String n : expectedNames) if (!names.contains(n)) Files.delete(dir.resolve(n));
            for (JavaFile f : files) {
                Files.writeString(dir.resolve(f.typeSpec().name() + ".java"), f.toString(), StandardCharsets.UTF_8);
            }
            return;
        }
        assertEquals(expectedNames, names, dir + ": generated classes (rewrite with -Dgolden.update=true)");
        for (JavaFile f : files) {
            Path expected = dir.resolve(f.typeSpec().name() + ".java");
            assertEquals(
                    Files.readString(expected, StandardCharsets.UTF_8),
                    f.toString(),
                    expected + " differs (rewrite with -Dgolden.update=true)");
        }
    }
}
