package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;
import java.util.List;

/** {@code policy NAME { ... }}: its items grouped by kind, each list in source order. */
public record Policy(
        Span span,
        Ident name,
        List<Attach> attaches,
        List<Decl> decls,
        List<Rule> rules,
        List<DefaultRule> defaults,
        List<TestBlock> tests,
        List<Property> properties) {
    public Policy {
        attaches = List.copyOf(attaches);
        decls = List.copyOf(decls);
        rules = List.copyOf(rules);
        defaults = List.copyOf(defaults);
        tests = List.copyOf(tests);
        properties = List.copyOf(properties);
    }

    /** {@code attach xdp|tc ingress|tc egress [on "if"]}. */
    public record Attach(Span span, Hook hook, java.util.Optional<Value.Str> iface) {}

    public enum Hook {
        XDP("xdp"),
        TC_INGRESS("tc ingress"),
        TC_EGRESS("tc egress");

        public final String text;

        Hook(String text) {
            this.text = text;
        }

        public boolean isTc() {
            return this != XDP;
        }
    }

    /** {@code rule NAME [when EXPR] do ACTIONS}. */
    public record Rule(Span span, Ident name, java.util.Optional<Expr> when, List<Action> actions) {
        public Rule {
            actions = List.copyOf(actions);
        }
    }

    /** {@code default ACTIONS}. */
    public record DefaultRule(Span span, List<Action> actions) {
        public DefaultRule {
            actions = List.copyOf(actions);
        }
    }
}
