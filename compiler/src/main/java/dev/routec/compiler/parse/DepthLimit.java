package dev.routec.compiler.parse;

import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.SourceFile;
import dev.routec.grammar.RouteParser.ExprContext;
import dev.routec.grammar.RouteParser.InitializerContext;
import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Rejects expressions and braced literals nested deeper than {@link #MAX} levels. Every pass after
 * parsing (and the C the back end emits) recurses over expressions, so an absurdly deep one would
 * overflow the stack; a chain of 300 `or`s is as deep as 300 parentheses. The walk itself is
 * iterative.
 */
final class DepthLimit {
    static final int MAX = 256;

    private DepthLimit() {}

    private record Frame(ParseTree node, int depth, ParserRuleContext outer) {}

    /** True when the tree is within the limit; otherwise reports the outermost offending item. */
    static boolean check(ParserRuleContext tree, SourceFile src, Diagnostics diags) {
        Deque<Frame> todo = new ArrayDeque<>();
        todo.push(new Frame(tree, 0, null));
        while (!todo.isEmpty()) {
            Frame f = todo.pop();
            if (!(f.node() instanceof ParserRuleContext ctx)) continue;
            boolean nests = ctx instanceof ExprContext || ctx instanceof InitializerContext;
            int depth = f.depth() + (nests ? 1 : 0);
            ParserRuleContext outer = f.outer() == null && nests ? ctx : f.outer();
            if (depth > MAX) {
                tooDeep(outer, src, diags);
                return false;
            }
            for (int i = ctx.getChildCount() - 1; i >= 0; i--) todo.push(new Frame(ctx.getChild(i), depth, outer));
        }
        return true;
    }

    private static void tooDeep(ParserRuleContext outer, SourceFile src, Diagnostics diags) {
        int start = outer.getStart().getStartIndex();
        Token stop = outer.getStop() == null ? outer.getStart() : outer.getStop();
        diags.error(
                        Code.TOO_DEEP,
                        src.span(start, Math.max(start, stop.getStopIndex() + 1)),
                        "this " + (outer instanceof ExprContext ? "expression" : "literal") + " nests more than " + MAX
                                + " levels deep")
                .help("split it over several rules, or test membership in a set: `dport in {80, 443, 8080}`")
                .emit();
    }

    /** For input so deep that the parser itself ran out of stack. */
    static void parserOverflow(Token at, SourceFile src, Diagnostics diags) {
        int start = Math.max(0, Math.min(at.getStartIndex(), src.text().length()));
        diags.error(Code.TOO_DEEP, src.span(start, start), "the input nests too deeply to parse")
                .help("expressions and literals may nest at most " + MAX + " levels deep")
                .emit();
    }
}
