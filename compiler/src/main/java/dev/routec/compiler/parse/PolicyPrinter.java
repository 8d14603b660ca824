package dev.routec.compiler.parse;

import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.ast.Property;
import dev.routec.compiler.ast.TestBlock;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints an AST back as `.route` text in one canonical layout: two-space indent, one item per
 * line, items grouped by kind in the order attach, declarations, rules, default, tests,
 * properties (the order the AST keeps them in), parentheses only where precedence needs them,
 * literals exactly as written. Parsing the output gives the same AST (modulo positions), and
 * printing that again gives the same text.
 */
public final class PolicyPrinter {
    private static final String IN = "  ";

    private PolicyPrinter() {}

    public static String print(PolicyFile file) {
        return file.policies().stream().map(PolicyPrinter::print).collect(Collectors.joining("\n"));
    }

    public static String print(Policy p) {
        StringBuilder sb = new StringBuilder("policy ").append(p.name().text()).append(" {\n");
        for (Policy.Attach a : p.attaches())
            line(
                    sb,
                    "attach " + a.hook().text
                            + a.iface().map(s -> " on " + ExprPrinter.str(s)).orElse(""));
        for (Decl d : p.decls()) line(sb, decl(d));
        for (Policy.Rule r : p.rules())
            line(
                    sb,
                    "rule " + r.name().text()
                            + r.when().map(w -> " when " + ExprPrinter.expr(w)).orElse("") + " do "
                            + ExprPrinter.actions(r.actions()));
        for (Policy.DefaultRule d : p.defaults()) line(sb, "default " + ExprPrinter.actions(d.actions()));
        for (TestBlock t : p.tests()) test(sb, t);
        for (Property pr : p.properties()) property(sb, pr);
        return sb.append("}\n").toString();
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(IN).append(text).append('\n');
    }

    private static String decl(Decl d) {
        return switch (d) {
            case Decl.Const c -> "const " + c.name().text() + " = " + ExprPrinter.value(c.value());
            case Decl.SetDecl s ->
                "set " + s.name().text() + " : " + s.type().text()
                        + s.capacity().map(n -> " capacity " + n.text()).orElse("")
                        + s.init()
                                .map(i -> " = " + ExprPrinter.braces(i, false))
                                .orElse("");
            case Decl.MapDecl m ->
                "map " + m.name().text() + " : " + m.key().text() + " -> "
                        + m.value().text()
                        + m.capacity().map(n -> " capacity " + n.text()).orElse("")
                        + m.dflt().map(v -> " default " + ExprPrinter.value(v)).orElse("")
                        + m.init()
                                .map(i -> " = " + ExprPrinter.braces(i, false))
                                .orElse("");
            case Decl.PoolDecl p ->
                "pool " + p.name().text() + " : " + p.type().text()
                        + p.capacity().map(n -> " capacity " + n.text()).orElse("")
                        + p.init().map(i -> " = " + ExprPrinter.braces(i, true)).orElse("");
        };
    }

    private static void test(StringBuilder sb, TestBlock t) {
        line(sb, "test " + ExprPrinter.str(t.name()) + " {");
        for (TestBlock.Given g : t.givens()) line(sb, IN + given(g));
        for (TestBlock.Case c : t.cases()) line(sb, IN + ExprPrinter.packet(c.packet()) + " => " + expect(c.expect()));
        line(sb, "}");
    }

    private static String given(TestBlock.Given g) {
        return switch (g) {
            case TestBlock.SetGiven s ->
                "given " + s.name().text() + " " + s.op().text + " " + ExprPrinter.braces(s.elements(), true);
            case TestBlock.MapGiven m ->
                "given " + m.name().text() + "[" + ExprPrinter.value(m.key()) + "] = " + ExprPrinter.value(m.value());
        };
    }

    private static String expect(TestBlock.Expect e) {
        return e.verdict().word()
                + e.iface().map(s -> " " + ExprPrinter.str(s)).orElse("")
                + e.by().map(b -> " by " + b.text()).orElse("")
                + e.checks().stream().map(x -> ", " + ExprPrinter.expr(x)).collect(Collectors.joining());
    }

    private static void property(StringBuilder sb, Property p) {
        line(sb, "property " + ExprPrinter.str(p.name()) + " {");
        line(
                sb,
                IN + "forall " + p.packetClass().name().toLowerCase(Locale.ROOT)
                        + p.where().map(w -> " where " + ExprPrinter.expr(w)).orElse("")
                        + " => " + ExprPrinter.expr(p.check()));
        line(sb, "}");
    }
}
