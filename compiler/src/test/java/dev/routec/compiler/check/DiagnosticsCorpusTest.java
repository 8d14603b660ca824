package dev.routec.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.routec.compiler.diag.Corpus;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.pipeline.Frontend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnostics corpus: every {@code diagnostics/NAME.route} lists, in its header, every
 * diagnostic the front end must give for it (warnings included), and nothing else may appear:
 *
 * <pre>
 * # expect: error|warning CODE LINE:COL message substring
 * #   help: substring of one help line
 * #   label: LINE:COL substring of the label's message
 * # expect: nothing
 * </pre>
 *
 * A file with a {@code NAME.expected} next to it is also a golden: the exact {@link Renderer}
 * output. {@code -Dgolden.update=true} rewrites the goldens.
 */
class DiagnosticsCorpusTest {
    private static final Pattern EXPECT =
            Pattern.compile("^#\\s*expect:\\s*(error|warning)\\s+([EW]\\d{4})\\s+(\\d+):(\\d+)\\s+(.+?)\\s*$");
    private static final Pattern NOTHING = Pattern.compile("^#\\s*expect:\\s*nothing\\s*$");
    private static final Pattern HELP = Pattern.compile("^#\\s+help:\\s*(.+?)\\s*$");
    private static final Pattern LABEL = Pattern.compile("^#\\s+label:\\s*(\\d+):(\\d+)\\s+(.+?)\\s*$");

    static Stream<Named<Path>> files() {
        return Corpus.files("diagnostics").stream()
                .map(p -> Named.of(p.getFileName().toString(), p));
    }

    static Stream<Named<Path>> goldens() {
        return files().filter(n -> Files.exists(expectedOf(n.getPayload())));
    }

    private record LabelSpec(int line, int col, String text) {
        boolean matches(Diagnostic.Label l) {
            return l.span().line() == line
                    && l.span().column() == col
                    && l.message().contains(text);
        }
    }

    private record Expect(
            String severity, String code, int line, int col, String text, List<String> help, List<LabelSpec> labels) {
        boolean matches(Diagnostic d) {
            return d.severity().word().equals(severity)
                    && d.code().id().equals(code)
                    && d.span().line() == line
                    && d.span().column() == col
                    && d.message().contains(text)
                    && help.stream().allMatch(h -> d.help().stream().anyMatch(x -> x.contains(h)))
                    && labels.stream().allMatch(l -> d.labels().stream().anyMatch(l::matches));
        }

        @Override
        public String toString() {
            return severity + " " + code + " " + line + ":" + col + " " + text
                    + help.stream().map(h -> "  help: " + h).collect(Collectors.joining())
                    + labels.stream()
                            .map(l -> "  label " + l.line() + ":" + l.col() + " " + l.text())
                            .collect(Collectors.joining());
        }
    }

    /** The header's expectations; empty for {@code # expect: nothing}; null when there is no header. */
    private static List<Expect> expectations(String text) {
        List<Expect> out = new ArrayList<>();
        boolean nothing = false;
        for (String line : text.lines().toList()) {
            Matcher m;
            if (NOTHING.matcher(line).matches()) nothing = true;
            else if ((m = EXPECT.matcher(line)).matches())
                out.add(new Expect(
                        m.group(1),
                        m.group(2),
                        Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)),
                        m.group(5),
                        new ArrayList<>(),
                        new ArrayList<>()));
            else if ((m = HELP.matcher(line)).matches() && !out.isEmpty())
                out.get(out.size() - 1).help().add(m.group(1));
            else if ((m = LABEL.matcher(line)).matches() && !out.isEmpty())
                out.get(out.size() - 1)
                        .labels()
                        .add(new LabelSpec(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        }
        if (nothing && !out.isEmpty()) fail("`# expect: nothing` together with expectations");
        return nothing || !out.isEmpty() ? out : null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void givesExactlyTheExpectedDiagnostics(Path file) {
        List<Expect> want = expectations(Corpus.read(file));
        assertTrue(want != null, file.getFileName() + " has no `# expect:` header");
        Frontend.Result r = Corpus.check(file);
        List<Diagnostic> got = new ArrayList<>(r.diags().sorted());
        assertTrue(r.ast().isPresent(), "the diagnostics corpus is about checking, not syntax: " + brief(got));
        List<Expect> missing = new ArrayList<>();
        for (Expect e : want) {
            Diagnostic hit = got.stream().filter(e::matches).findFirst().orElse(null);
            if (hit == null) missing.add(e);
            else got.remove(hit);
        }
        String report =
                "\nmissing:\n  " + missing.stream().map(Expect::toString).collect(Collectors.joining("\n  "))
                        + "\nunexpected:\n  " + brief(got);
        assertTrue(missing.isEmpty() && got.isEmpty(), file.getFileName() + report);
    }

    private static String brief(List<Diagnostic> ds) {
        return ds.stream().map(Corpus::brief).collect(Collectors.joining("\n  "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void rendersExactlyAsTheGolden(Path file) throws IOException {
        String got = Corpus.check(file).diags().sorted().stream()
                .map(Renderer::render)
                .collect(Collectors.joining());
        Path golden = expectedOf(file);
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, got, StandardCharsets.UTF_8);
        assertEquals(
                Corpus.read(golden), got, "rendering of " + file.getFileName() + " (-Dgolden.update=true rewrites)");
    }

    private static Path expectedOf(Path route) {
        String name = route.getFileName().toString();
        return route.resolveSibling(name.substring(0, name.length() - ".route".length()) + ".expected");
    }

    @Test
    void corpusCoversEnough() {
        List<Path> all = Corpus.files("diagnostics");
        assertTrue(all.size() >= 45, "at least 45 cases, found " + all.size());
        assertTrue(goldens().count() >= 3, "at least 3 rendering goldens");
        assertFalse(all.stream().noneMatch(p -> expectations(Corpus.read(p)).isEmpty()), "negative cases exist");
    }
}
