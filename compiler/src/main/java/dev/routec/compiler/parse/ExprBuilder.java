package dev.routec.compiler.parse;

import dev.routec.compiler.ast.Expr;
import dev.routec.compiler.ast.Ident;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import dev.routec.grammar.RouteParser;
import dev.routec.grammar.RouteParser.*;
import java.math.BigInteger;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Builds expressions and literal values. */
final class ExprBuilder {
    private final SourceFile src;

    ExprBuilder(SourceFile src) {
        this.src = src;
    }

    Expr expr(ExprContext ctx) {
        Span sp = span(ctx);
        return switch (ctx) {
            case PrimaryExprContext p -> primary(p.primary());
            case BitAndExprContext b -> new Expr.BitAnd(sp, expr(b.expr(0)), expr(b.expr(1)));
            case InExprContext i -> new Expr.In(sp, expr(i.expr(0)), expr(i.expr(1)));
            case CompareExprContext c -> new Expr.Compare(sp, cmp(c.op), expr(c.expr(0)), expr(c.expr(1)));
            case NotExprContext n -> new Expr.Not(sp, expr(n.expr()));
            case AndExprContext a -> new Expr.And(sp, expr(a.expr(0)), expr(a.expr(1)));
            case OrExprContext o -> new Expr.Or(sp, expr(o.expr(0)), expr(o.expr(1)));
            default -> throw new IllegalStateException("unhandled expr " + ctx.getClass());
        };
    }

    private Expr primary(PrimaryContext ctx) {
        Span sp = span(ctx);
        return switch (ctx) {
            case ParenPrimaryContext p -> expr(p.expr());
            case MapReadPrimaryContext m ->
                new Expr.MapRead(
                        sp, new Ident(span(m.IDENT().getSymbol()), m.IDENT().getText()), expr(m.expr()));
            case ValuePrimaryContext v -> valueExpr(value(v.value()));
            case FieldPathPrimaryContext f -> new Expr.Field(sp, f.getText());
            case FieldWordPrimaryContext f -> new Expr.Field(sp, f.getText());
            case VerdictPrimaryContext v ->
                new Expr.VerdictLit(sp, Expr.Verdict.valueOf(v.getText().toUpperCase(java.util.Locale.ROOT)));
            case DefaultPrimaryContext d -> new Expr.Lit(sp, new Value.Name(sp, "default"));
            default -> throw new IllegalStateException("unhandled primary " + ctx.getClass());
        };
    }

    /** `verdict` is the one bare name that reads the outcome in checks; other names resolve later. */
    private static Expr valueExpr(Value v) {
        if (v instanceof Value.Name n && n.name().equals("verdict")) return new Expr.Field(n.span(), "verdict");
        return new Expr.Lit(v.span(), v);
    }

    private static Expr.CmpOp cmp(Token op) {
        return switch (op.getType()) {
            case RouteParser.EQ -> Expr.CmpOp.EQ;
            case RouteParser.NE -> Expr.CmpOp.NE;
            case RouteParser.LT -> Expr.CmpOp.LT;
            case RouteParser.LE -> Expr.CmpOp.LE;
            case RouteParser.GT -> Expr.CmpOp.GT;
            default -> Expr.CmpOp.GE;
        };
    }

    Value value(ValueContext ctx) {
        Span sp = span(ctx);
        return switch (ctx) {
            case RangeValueContext r -> new Value.Range(sp, number(r.number(0)), number(r.number(1)));
            case BracketedV6ValueContext b -> v6(b.IPV6_LIT().getSymbol());
            case SetValueContext s -> initializer(s.initializer());
            case LiteralValueContext l -> literal(l.literal());
            case NameValueContext n -> new Value.Name(sp, n.getText());
            default -> throw new IllegalStateException("unhandled value " + ctx.getClass());
        };
    }

    Value.SetLit initializer(InitializerContext ctx) {
        return new Value.SetLit(
                span(ctx),
                ctx.entry().stream()
                        .map(e -> new Value.Entry(
                                span(e),
                                value(e.key),
                                Optional.ofNullable(e.val).map(this::value)))
                        .toList());
    }

    private Value literal(LiteralContext ctx) {
        Span sp = span(ctx);
        String t = ctx.getText();
        return switch (ctx) {
            case NumberLiteralContext n -> number(n.number());
            case Ipv4LiteralContext x -> new Value.Ipv4(sp, t);
            case Ipv4PrefixLiteralContext x -> new Value.Ipv4Prefix(sp, t);
            case Ipv6LiteralContext x -> new Value.Ipv6(sp, t);
            case Ipv6PrefixLiteralContext x -> new Value.Ipv6Prefix(sp, t);
            case MacLiteralContext x -> new Value.Mac(sp, t);
            case StringLiteralContext s -> str(s.STRING().getSymbol());
            default -> throw new IllegalStateException("unhandled literal " + ctx.getClass());
        };
    }

    Value.Int number(NumberContext ctx) {
        String t = ctx.getText();
        BigInteger v =
                t.startsWith("0x") || t.startsWith("0X") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
        return new Value.Int(span(ctx), v, t);
    }

    Value.Ipv6 v6(Token t) {
        return new Value.Ipv6(span(t), t.getText());
    }

    Value.Str str(Token t) {
        String text = t.getText();
        return new Value.Str(span(t), text.substring(1, text.length() - 1));
    }

    Span span(ParserRuleContext ctx) {
        int stop = ctx.getStop() == null
                ? ctx.getStart().getStartIndex()
                : ctx.getStop().getStopIndex() + 1;
        int start = Math.max(0, ctx.getStart().getStartIndex());
        return src.span(
                Math.min(start, src.text().length()),
                Math.max(start, Math.min(stop, src.text().length())));
    }

    Span span(Token t) {
        return src.span(t.getStartIndex(), t.getStopIndex() + 1);
    }
}
