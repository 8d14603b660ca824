package dev.routec.compiler.interp;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluation of checked expressions outside the rules: a property's {@code where} on the input
 * packet, and test checks and property checks on the output of any engine (with {@code verdict}
 * and {@code rule} bound). Membership and map reads use the given state's contents, so the same
 * model judges every engine's output.
 */
public final class Expressions {
    private Expressions() {}

    /** {@code e} on an input frame at {@code hook} ({@code verdict} and {@code rule} absent). */
    public static boolean onInput(TExpr e, RuntimeState state, Frame in, Policy.Hook hook) {
        return input(state, in, hook).test(e);
    }

    /** {@code e} on the output packet of {@code r}, with its verdict and deciding rule. */
    public static boolean onOutput(TExpr e, RuntimeState state, Result r) {
        return output(state, r).test(e);
    }

    /** The fields {@code e} reads, with their values on the input: {@code "dst = 10.0.0.1, dport = 80"}. */
    public static String valuesOnInput(TExpr e, RuntimeState state, Frame in, Policy.Hook hook) {
        return values(input(state, in, hook), e);
    }

    /** The fields {@code e} reads, with their values on the output of {@code r}. */
    public static String valuesOnOutput(TExpr e, RuntimeState state, Result r) {
        return values(output(state, r), e);
    }

    private static Evaluator input(RuntimeState state, Frame in, Policy.Hook hook) {
        return Evaluator.forRules(state, PacketView.of(in), hook.isTc());
    }

    private static Evaluator output(RuntimeState state, Result r) {
        Frame out = r.output();
        return new Evaluator(
                state,
                PacketView.parse(out.bytes(), out.iif(), out.mark()),
                r.hook().isTc(),
                Optional.of(r.verdict()),
                Optional.of(r.rule()));
    }

    private static String values(Evaluator eval, TExpr e) {
        Set<Field> fields = new LinkedHashSet<>();
        fields(e, fields);
        List<String> parts = new ArrayList<>();
        for (Field f : fields)
            parts.add(f.text + " = " + eval.field(f).map(Object::toString).orElse("(absent)"));
        return String.join(", ", parts);
    }

    /** The fields an expression reads, in order of first appearance. */
    public static void fields(TExpr e, Set<Field> out) {
        switch (e) {
            case TExpr.FieldRef f -> out.add(f.field());
            case TExpr.MapRead m -> fields(m.key(), out);
            case TExpr.BitAnd b -> {
                fields(b.left(), out);
                fields(b.right(), out);
            }
            case TExpr.Compare c -> {
                fields(c.left(), out);
                fields(c.right(), out);
            }
            case TExpr.InContainer i -> fields(i.left(), out);
            case TExpr.InLiteral i -> fields(i.left(), out);
            case TExpr.Not n -> fields(n.operand(), out);
            case TExpr.And a -> {
                fields(a.left(), out);
                fields(a.right(), out);
            }
            case TExpr.Or o -> {
                fields(o.left(), out);
                fields(o.right(), out);
            }
            case TExpr.Const k -> {}
            case TExpr.IfaceConst k -> {}
            case TExpr.VerdictConst k -> {}
            case TExpr.RuleConst k -> {}
        }
    }
}
