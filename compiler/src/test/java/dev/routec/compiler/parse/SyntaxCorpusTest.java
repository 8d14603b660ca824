package dev.routec.compiler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.diag.Corpus;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.pipeline.Frontend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The syntax corpus: every file of {@code syntax/ok} parses and checks without a single
 * diagnostic; every file of {@code syntax/err} produces exactly the syntax errors its header lists,
 * one {@code # expect: LINE:COL message-substring} line per error, in source order.
 */
class SyntaxCorpusTest {
    private static final Pattern EXPECT = Pattern.compile("^#\\s*expect:\\s*(\\d+):(\\d+)\\s+(.+?)\\s*$");

    static Stream<Named<Path>> ok() {
        return Corpus.files("syntax/ok").stream()
                .map(p -> Named.of(p.getFileName().toString(), p));
    }

    static Stream<Named<Path>> err() {
        return Corpus.files("syntax/err").stream()
                .map(p -> Named.of(p.getFileName().toString(), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ok")
    void parsesAndChecksWithoutDiagnostics(Path file) {
        Frontend.Result r = Corpus.check(file);
        assertEquals(
                List.of(),
                r.diags().sorted().stream().map(Corpus::brief).toList(),
                file.getFileName() + " must parse and check cleanly");
        assertTrue(r.ast().isPresent());
        assertEquals(r.ast().get().policies().size(), r.policies().size());
    }

    private record Expect(int line, int col, String text) {
        boolean matches(Diagnostic d) {
            return d.span().line() == line
                    && d.span().column() == col
                    && d.message().contains(text);
        }

        @Override
        public String toString() {
            return line + ":" + col + " " + text;
        }
    }

    private static List<Expect> expectations(String text) {
        List<Expect> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches())
                out.add(new Expect(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("err")
    void reportsExactlyTheExpectedSyntaxErrors(Path file) {
        List<Expect> want = expectations(Corpus.read(file));
        assertFalse(want.isEmpty(), file.getFileName() + " has no `# expect: LINE:COL message` header");
        Frontend.Result r = Corpus.check(file);
        List<Diagnostic> got = r.diags().sorted();
        String report = "expected:\n  "
                + String.join("\n  ", want.stream().map(Expect::toString).toList()) + "\ngot:\n  "
                + String.join("\n  ", got.stream().map(Corpus::brief).toList());
        assertTrue(r.ast().isEmpty(), file.getFileName() + ": a syntax error must stop before the AST\n" + report);
        assertEquals(want.size(), got.size(), report);
        for (int i = 0; i < want.size(); i++) {
            assertTrue(want.get(i).matches(got.get(i)), "error " + (i + 1) + " differs\n" + report);
            assertTrue(got.get(i).code().id().startsWith("E01"), "not a syntax error\n" + report);
        }
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(Corpus.files("syntax/ok").size() >= 15, "at least 15 ok files");
        assertTrue(Corpus.files("syntax/err").size() >= 15, "at least 15 err files");
    }
}
