package dev.routec.compiler.check;

import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Ident;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.source.Span;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The names of one policy: consts, sets, maps, pools and rules share one namespace. */
final class Scope {
    /** What a name denotes; checked definitions are filled in as the checker reaches them. */
    sealed interface Sym {
        Span span();
    }

    record ConstSym(Decl.Const decl) implements Sym {
        public Span span() {
            return decl.name().span();
        }
    }

    record ContainerSym(Decl decl, Defs.Container def) implements Sym {
        public Span span() {
            return decl.name().span();
        }
    }

    record RuleSym(Policy.Rule rule) implements Sym {
        public Span span() {
            return rule.name().span();
        }
    }

    final Map<String, Sym> names = new LinkedHashMap<>();
    final Set<String> used = new HashSet<>();
    final Policy policy;

    Scope(Policy policy) {
        this.policy = policy;
    }

    Optional<Sym> lookup(String name) {
        return Optional.ofNullable(names.get(name));
    }

    Optional<Span> declared(Ident name) {
        return Optional.ofNullable(names.get(name.text())).map(Sym::span);
    }
}
