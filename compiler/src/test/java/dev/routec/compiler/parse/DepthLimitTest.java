package dev.routec.compiler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Nesting is bounded (E0104) instead of overflowing the stack in the parser or any later pass —
 * whatever the shape: parentheses, `not` chains, long `or` chains, nested braces.
 */
class DepthLimitTest {
    private static List<Diagnostic> check(String text) {
        return Frontend.check(new SourceFile("deep.route", text)).diags().sorted();
    }

    private static String rule(String cond) {
        return "policy p {\n  rule r when " + cond + " do drop\n}\n";
    }

    private static void assertTooDeep(String text) {
        List<Diagnostic> ds = check(text);
        assertEquals(1, ds.size(), ds.toString());
        assertEquals(Code.TOO_DEEP, ds.get(0).code());
    }

    @Test
    void justBelowTheLimitChecks() {
        String ors = IntStream.range(0, 200).mapToObj(i -> "dport == " + i).collect(Collectors.joining(" or "));
        assertTrue(check(rule(ors)).isEmpty());
        assertTrue(check(rule("(".repeat(200) + "tcp" + ")".repeat(200))).isEmpty());
    }

    @Test
    void deepExpressionsOfEveryShapeAreOneError() {
        assertTooDeep(rule("(".repeat(300) + "tcp" + ")".repeat(300)));
        assertTooDeep(rule("not ".repeat(300) + "tcp"));
        assertTooDeep(rule(IntStream.range(0, 300).mapToObj(i -> "tcp").collect(Collectors.joining(" or "))));
        assertTooDeep(rule(IntStream.range(0, 300).mapToObj(i -> "mark").collect(Collectors.joining(" & ")) + " == 1"));
        assertTooDeep("policy p {\n  const c = " + "{".repeat(300) + "1" + "}".repeat(300) + "\n}\n");
    }

    @Test
    void inputTooDeepForTheParserIsAnErrorNotACrash() {
        assertTooDeep(rule("(".repeat(100_000) + "tcp" + ")".repeat(100_000)));
        assertTooDeep("policy p {\n  const c = " + "{".repeat(100_000) + "\n}\n");
    }

    @Test
    void theErrorPointsAtTheWholeExpression() {
        Diagnostic d = check(rule("(".repeat(300) + "tcp" + ")".repeat(300))).get(0);
        assertEquals(2, d.span().line());
        assertEquals(15, d.span().column());
        assertTrue(d.message().contains("more than 256 levels"), d.message());
    }
}
