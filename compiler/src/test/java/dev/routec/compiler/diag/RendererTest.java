package dev.routec.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caret placement in the corners: tabs, CRLF, the end of the input, spans over several lines. */
class RendererTest {
    private static Diagnostic error(Span at, List<Diagnostic.Label> labels, String... help) {
        return new Diagnostic(at, Severity.ERROR, Code.SYNTAX, "msg", labels, List.of(help));
    }

    @Test
    void tabsArePreservedBeforeTheCaret() {
        SourceFile f = new SourceFile("t.route", "policy p {\n\t\trule r do x\n}\n");
        int at = f.text().indexOf('x');
        assertEquals(
                "t.route:2:13: error: msg\n 2 | \t\trule r do x\n   | \t\t          ^\n",
                Renderer.render(error(f.span(at, at + 1), List.of())));
    }

    @Test
    void crlfLineEndsAreNotShown() {
        SourceFile f = new SourceFile("t.route", "policy p {\r\n  rule r do x\r\n}\r\n");
        int at = f.text().indexOf("rule");
        assertEquals(
                "t.route:2:3: error: msg\n 2 |   rule r do x\n   |   ^^^^\n",
                Renderer.render(error(f.span(at, at + 4), List.of())));
    }

    @Test
    void theEndOfTheInputGetsOneCaret() {
        SourceFile f = new SourceFile("t.route", "policy p {");
        int end = f.text().length();
        assertEquals(
                "t.route:1:11: error: msg\n 1 | policy p {\n   |           ^\nhelp: expected `}`\n",
                Renderer.render(error(f.span(end, end), List.of(), "expected `}`")));
        SourceFile g = new SourceFile("u.route", "policy p {\n");
        assertEquals(
                "u.route:2:1: error: msg\n 2 | \n   | ^\n",
                Renderer.render(error(g.span(g.text().length(), g.text().length()), List.of())));
    }

    @Test
    void aSpanOverSeveralLinesIsUnderlinedToTheEndOfItsFirstLine() {
        SourceFile f = new SourceFile("t.route", "set s : port = {\n  1,\n}\n");
        int at = f.text().indexOf('{');
        assertEquals(
                "t.route:1:16: error: msg\n 1 | set s : port = {\n   |                ^\n",
                Renderer.render(error(f.span(at, f.text().length() - 1), List.of())));
    }

    @Test
    void labelsAreNotesWithTheirOwnSnippet() {
        SourceFile f = new SourceFile("t.route", "rule a do drop\nrule a do pass\n");
        Span first = f.span(5, 6), second = f.span(20, 21);
        assertEquals(
                """
                t.route:2:6: error: msg
                 2 | rule a do pass
                   |      ^
                t.route:1:6: note: first defined here
                 1 | rule a do drop
                   |      ^
                help: rename one
                """,
                Renderer.render(
                        error(second, List.of(new Diagnostic.Label(first, "first defined here")), "rename one")));
    }

    @Test
    void summaryCountsBoth() {
        assertEquals("1 error, 2 warnings", Renderer.summary(1, 2));
        assertEquals("0 errors, 1 warning", Renderer.summary(0, 1));
    }
}
