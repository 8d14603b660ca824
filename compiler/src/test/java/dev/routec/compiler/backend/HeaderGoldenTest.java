package dev.routec.compiler.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.emit.HeaderEmitter;
import dev.routec.compiler.emit.ManifestEmitter;
import dev.routec.compiler.pipeline.Backend;
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
 * Golden tests of the text routec produces for the kernel: each folder of {@code golden/header}
 * holds an {@code input.route} (one policy) and the expected {@code rt_policy.h} and {@code
 * manifest.json}. {@code -Dgolden.update=true} rewrites them. (Only text routec writes is golden:
 * clang's output is checked for determinism instead.)
 */
class HeaderGoldenTest {
    static final Path DIR = Path.of("src/test/resources/golden/header");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(DIR)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 2);
        return cases.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    static CheckedPolicy policy(Path dir) throws IOException {
        String text = Files.readString(dir.resolve("input.route"), StandardCharsets.UTF_8);
        Frontend.Result r = Frontend.check(new SourceFile("input.route", text));
        assertTrue(r.ok(), () -> r.diags().sorted().toString());
        return r.policies().get(0);
    }

    private static void check(Path dir) throws IOException {
        var ir = Backend.lower(policy(dir));
        golden(dir.resolve("rt_policy.h"), HeaderEmitter.emit(ir));
        golden(dir.resolve("manifest.json"), ManifestEmitter.emit(ir));
        assertEquals(HeaderEmitter.emit(ir), HeaderEmitter.emit(Backend.lower(policy(dir))), "deterministic");
    }

    private static void golden(Path file, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(
                Files.readString(file, StandardCharsets.UTF_8),
                actual,
                file + " differs (rewrite with -Dgolden.update=true)");
    }
}
