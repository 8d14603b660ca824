package dev.routec.compiler.parse;

import dev.routec.compiler.ast.Expr;
import dev.routec.compiler.ast.PacketNode;
import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.SourceFile;
import dev.routec.grammar.RouteLexer;
import dev.routec.grammar.RouteParser;
import java.util.Optional;
import java.util.function.Function;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * The parser facade: the only entry point that touches ANTLR. Syntax errors become diagnostics;
 * the AST is built only from a tree without syntax errors.
 */
public final class Parser {
    private Parser() {}

    public static Optional<PolicyFile> parseFile(SourceFile src, Diagnostics diags) {
        return run(src, diags, RouteParser::file)
                .map(ctx -> new AstBuilder(src, diags).file((RouteParser.FileContext) ctx));
    }

    /** Parses packet notation alone (the CLI's {@code --packet}). */
    public static Optional<PacketNode> parsePacket(SourceFile src, Diagnostics diags) {
        return run(src, diags, RouteParser::packetOnly)
                .map(ctx -> new AstBuilder(src, diags).packet(((RouteParser.PacketOnlyContext) ctx).packet()));
    }

    /** Parses an expression alone (tools and tests). */
    public static Optional<Expr> parseExpr(SourceFile src, Diagnostics diags) {
        return run(src, diags, RouteParser::exprOnly)
                .map(ctx -> new AstBuilder(src, diags).expr(((RouteParser.ExprOnlyContext) ctx).expr()));
    }

    private static Optional<ParserRuleContext> run(
            SourceFile src, Diagnostics diags, Function<RouteParser, ? extends ParserRuleContext> start) {
        SyntaxErrors errors = new SyntaxErrors(src, diags);
        RouteLexer lexer = new RouteLexer(CharStreams.fromString(src.text(), src.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        RouteParser parser = new RouteParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        ParserRuleContext tree;
        try {
            tree = start.apply(parser);
        } catch (StackOverflowError e) {
            DepthLimit.parserOverflow(parser.getCurrentToken(), src, diags);
            return Optional.empty();
        }
        if (errors.count() > 0 || !DepthLimit.check(tree, src, diags)) return Optional.empty();
        return Optional.of(tree);
    }
}
