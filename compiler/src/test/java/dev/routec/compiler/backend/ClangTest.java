package dev.routec.compiler.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.routec.compiler.pipeline.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clang driver: pinned flags, deterministic objects, the amalgamated source. */
class ClangTest {
    static boolean clang() {
        try {
            return new ProcessBuilder("clang", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void templatesAreOnTheClassPath() {
        Map<String, String> files = Templates.files();
        assertTrue(files.keySet().containsAll(Templates.FILES));
        assertTrue(files.get(Templates.MAIN).contains("#include \"rt_policy.h\""));
    }

    @Test
    void theAmalgamationInlinesEveryTemplateOnce() throws IOException {
        var p = HeaderGoldenTest.policy(Path.of("src/test/resources/golden/header/minimal"));
        String src = Backend.compile(p).source();
        for (String f : Templates.FILES)
            if (!f.equals(Templates.MAIN)) assertTrue(src.contains("# 1 \"" + f + "\" 1 3"), f);
        assertFalse(src.contains("#include \"rt_"), "no local include is left");
        assertFalse(src.contains("/tmp"), "no temporary path");
    }

    @Test
    void objectsAreDeterministicAndFreeOfTemporaryPaths() throws IOException {
        assumeTrue(clang(), "clang is not installed");
        var p = HeaderGoldenTest.policy(Path.of("src/test/resources/golden/header/literals"));
        byte[] a = Backend.compile(p).object(), b = Backend.compile(p).object();
        assertArrayEquals(a, b);
        String text = new String(a, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("routec-clang-"), "the temporary directory leaked into the object");
        assertFalse(text.contains(".rodata.cst"));
    }

    @Test
    void aMissingClangIsAnEnvironmentError() {
        assertTrue(Clang.FLAGS.containsAll(
                java.util.List.of("-O2", "-g", "-target", "bpf", "-mcpu=v3", "-Wall", "-Werror")));
    }
}
