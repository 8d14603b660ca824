package dev.routec.tests.diff;

import dev.routec.compiler.ast.Policy.Hook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generated policy as a small structure that prints as {@code .route} text: hooks, declarations
 * (already printed), rules with condition trees (so a shrinker can take them apart) and the default.
 * Every name the generator makes is one of {@link #NAME}'s shapes, so renaming is a textual
 * substitution that cannot touch anything else.
 */
record GenPolicy(String name, List<Attach> attaches, List<Decl> decls, List<Rule> rules, List<String> dflt) {

    /** The generator's names: rules {@code r_N}, containers and constants {@code s_N m_N p_N k_N}. */
    static final Pattern NAME = Pattern.compile("\\b([rsmpk])_([0-9]+)\\b");

    GenPolicy {
        attaches = List.copyOf(attaches);
        decls = List.copyOf(decls);
        rules = List.copyOf(rules);
        dflt = List.copyOf(dflt);
    }

    record Attach(Hook hook, Optional<String> iface) {
        String text() {
            String h =
                    switch (hook) {
                        case XDP -> "xdp";
                        case TC_INGRESS -> "tc ingress";
                        case TC_EGRESS -> "tc egress";
                    };
            return "attach " + h + iface.map(i -> " on \"" + i + "\"").orElse("");
        }
    }

    /** A declaration: its name and its full text. */
    record Decl(String name, String text) {}

    record Rule(String name, Optional<Cond> when, List<String> actions) {
        Rule {
            actions = List.copyOf(actions);
        }

        String text() {
            return "rule " + name + when.map(c -> " when " + c.text()).orElse("") + " do " + String.join(", ", actions);
        }
    }

    /** A condition tree; atoms are printed text. */
    sealed interface Cond {
        String text();

        /** This condition and every sub-condition, largest first. */
        default List<Cond> parts() {
            List<Cond> out = new ArrayList<>();
            out.add(this);
            switch (this) {
                case And a -> {
                    out.addAll(a.l().parts());
                    out.addAll(a.r().parts());
                }
                case Or o -> {
                    out.addAll(o.l().parts());
                    out.addAll(o.r().parts());
                }
                case Not n -> out.addAll(n.c().parts());
                case Atom x -> {}
            }
            return out;
        }
    }

    record Atom(String text) implements Cond {}

    record And(Cond l, Cond r) implements Cond {
        public String text() {
            return "(" + l.text() + " and " + r.text() + ")";
        }
    }

    record Or(Cond l, Cond r) implements Cond {
        public String text() {
            return "(" + l.text() + " or " + r.text() + ")";
        }
    }

    record Not(Cond c) implements Cond {
        public String text() {
            return "not " + c.text();
        }
    }

    List<Hook> hooks() {
        return attaches.isEmpty()
                ? List.of(Hook.TC_INGRESS)
                : attaches.stream().map(Attach::hook).toList();
    }

    String text() {
        StringBuilder sb = new StringBuilder("policy ").append(name).append(" {\n");
        for (Attach a : attaches) sb.append("  ").append(a.text()).append('\n');
        for (Decl d : decls) sb.append("  ").append(d.text()).append('\n');
        for (Rule r : rules) sb.append("  ").append(r.text()).append('\n');
        if (!dflt.isEmpty())
            sb.append("  default ").append(String.join(", ", dflt)).append('\n');
        return sb.append("}\n").toString();
    }

    GenPolicy withRules(List<Rule> rs) {
        return new GenPolicy(name, attaches, decls, rs, dflt);
    }

    GenPolicy withAttaches(List<Attach> as) {
        return new GenPolicy(name, as, decls, rules, dflt);
    }

    GenPolicy withDecls(List<Decl> ds) {
        return new GenPolicy(name, attaches, ds, rules, dflt);
    }

    GenPolicy withDefault(List<String> d) {
        return new GenPolicy(name, attaches, decls, rules, d);
    }

    /** The same policy with every generated name replaced through {@code rename}. */
    GenPolicy renamed(UnaryOperator<String> rename) {
        String text = text();
        Matcher m = NAME.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(rename.apply(m.group())));
        m.appendTail(sb);
        return new Renamed(sb.toString()).policy(this, rename);
    }

    /** Renaming keeps the structure: each part is renamed the same way as the whole text. */
    private record Renamed(String text) {
        GenPolicy policy(GenPolicy p, UnaryOperator<String> rename) {
            UnaryOperator<String> sub = s -> {
                Matcher m = NAME.matcher(s);
                StringBuilder sb = new StringBuilder();
                while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(rename.apply(m.group())));
                m.appendTail(sb);
                return sb.toString();
            };
            List<Decl> ds = p.decls.stream()
                    .map(d -> new Decl(sub.apply(d.name()), sub.apply(d.text())))
                    .toList();
            List<Rule> rs = p.rules.stream()
                    .map(r -> new Rule(
                            sub.apply(r.name()),
                            r.when().map(c -> (Cond) new Atom(sub.apply(c.text()))),
                            r.actions().stream().map(sub).toList()))
                    .toList();
            GenPolicy out = new GenPolicy(
                    p.name, p.attaches, ds, rs, p.dflt.stream().map(sub).toList());
            if (!out.text().equals(text)) throw new IllegalStateException("renaming is not structural");
            return out;
        }
    }

    /** A name map for {@link #renamed}: every generated name to a fresh one. */
    static UnaryOperator<String> scramble(Map<String, String> memo) {
        return n -> memo.computeIfAbsent(
                n, x -> "n" + Integer.toHexString(x.hashCode() * 31 + memo.size()) + "_" + x.charAt(0));
    }
}
