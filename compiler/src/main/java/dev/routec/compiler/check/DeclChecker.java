package dev.routec.compiler.check;

import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.net.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks set, map and pool declarations: types, capacity, initial contents. */
final class DeclChecker {
    static final int DEFAULT_CAPACITY = 1024;
    static final int MAX_CAPACITY = 16_777_216;
    private static final Set<String> SET_TYPES = Set.of("ipv4", "ipv6", "prefix4", "prefix6", "port", "u32", "mac");
    private static final Set<String> VALUE_TYPES = Set.of("u8", "u16", "u32", "u64", "ipv4", "ipv6", "port", "mark");

    private final Diagnostics diags;
    private final Values values;

    DeclChecker(Diagnostics diags, Values values) {
        this.diags = diags;
        this.values = values;
    }

    Optional<Defs.Container> check(Decl d) {
        return switch (d) {
            case Decl.SetDecl s -> set(s);
            case Decl.MapDecl m -> map(m);
            case Decl.PoolDecl p -> pool(p);
            case Decl.Const c -> Optional.empty();
        };
    }

    private Optional<Type> type(Decl.TypeRef t, Set<String> allowed, String what) {
        if (t.sub().isEmpty() && allowed.contains(t.name())) {
            return Optional.of(
                    switch (t.name()) {
                        case "mark" -> Type.U32;
                        default -> Type.valueOf(t.name().toUpperCase(java.util.Locale.ROOT));
                    });
        }
        var b = diags.error(Code.UNKNOWN_TYPE, t.span(), "`" + t.text() + "` is not a " + what + " type");
        Suggest.closest(t.text(), allowed).ifPresent(s -> b.help("did you mean `" + s + "`?"));
        b.help(what + " types are "
                        + String.join(", ", allowed.stream().sorted().toList()))
                .emit();
        return Optional.empty();
    }

    private int capacity(Optional<Value.Int> cap) {
        if (cap.isEmpty()) return DEFAULT_CAPACITY;
        return values.literals()
                .integer(cap.get(), 1, MAX_CAPACITY, "capacity")
                .map(Long::intValue)
                .orElse(DEFAULT_CAPACITY);
    }

    private Optional<Defs.Container> set(Decl.SetDecl s) {
        Optional<Type> t = type(s.type(), SET_TYPES, "set");
        int cap = capacity(s.capacity());
        if (t.isEmpty()) return Optional.empty();
        List<Elem> elems = new ArrayList<>();
        if (s.init().isPresent()) {
            for (Value.Entry e : s.init().get().entries()) {
                if (e.value().isPresent()) {
                    diags.error(Code.TYPE_MISMATCH, e.span(), "a set holds elements, not `key: value` entries")
                            .help("use a `map` for keys with values")
                            .emit();
                    continue;
                }
                values.elements(e.key(), t.get(), "set `" + s.name() + "`").ifPresent(elems::addAll);
            }
            elems = dedupe(elems, s.init().get());
            overfull(elems.size(), cap, s.init().get(), s.name().text());
        }
        return Optional.of(new Defs.SetDef(s.name().text(), s.name().span(), t.get(), cap, elems));
    }

    private Optional<Defs.Container> map(Decl.MapDecl m) {
        Optional<Type> k = type(m.key(), SET_TYPES, "map key");
        Optional<Type> v = type(m.value(), VALUE_TYPES, "map value");
        int cap = capacity(m.capacity());
        if (k.isEmpty() || v.isEmpty()) return Optional.empty();
        Elem dflt = v.get().isInt()
                ? new Elem.Int(0)
                : new Elem.Addr(
                        v.get() == Type.IPV4
                                ? new dev.routec.compiler.net.Ipv4Addr(0)
                                : new dev.routec.compiler.net.Ipv6Addr(0, 0));
        if (m.dflt().isPresent())
            dflt = single(m.dflt().get(), v.get(), "the default of `" + m.name() + "`")
                    .orElse(dflt);
        List<Defs.MapEntry> entries = new ArrayList<>();
        Map<Elem, Value.Entry> seen = new HashMap<>();
        for (Value.Entry e : m.init().map(Value.SetLit::entries).orElse(List.of())) {
            if (e.value().isEmpty()) {
                diags.error(Code.TYPE_MISMATCH, e.span(), "map contents need `key: value` entries")
                        .emit();
                continue;
            }
            Optional<List<Elem>> keys = values.elements(e.key(), k.get(), "the keys of `" + m.name() + "`");
            Optional<Elem> val = single(e.value().get(), v.get(), "the values of `" + m.name() + "`");
            if (keys.isEmpty() || val.isEmpty()) continue;
            for (Elem key : keys.get()) {
                Value.Entry prev = seen.putIfAbsent(key, e);
                if (prev != null) {
                    diags.error(Code.DUPLICATE_ELEMENT, e.span(), "key " + key + " is given twice")
                            .label(prev.span(), "first given here")
                            .emit();
                    continue;
                }
                entries.add(new Defs.MapEntry(key, val.get()));
            }
        }
        if (m.init().isPresent()) {
            overlaps(entries.stream().map(Defs.MapEntry::key).toList(), m.init().get());
            overfull(entries.size(), cap, m.init().get(), m.name().text());
        }
        return Optional.of(new Defs.MapDef(m.name().text(), m.name().span(), k.get(), v.get(), cap, dflt, entries));
    }

    /** One value of a map value type. */
    private Optional<Elem> single(Value v, Type t, String what) {
        Optional<List<Elem>> e = values.elements(v, t, what);
        if (e.isEmpty()) return Optional.empty();
        if (e.get().size() != 1) {
            diags.error(Code.ELEMENT_TYPE, v.span(), what + " must be a single value")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(e.get().get(0));
    }

    private Optional<Defs.Container> pool(Decl.PoolDecl p) {
        boolean withPort = p.type().name().equals("ipv4")
                && p.type().sub().filter("port"::equals).isPresent();
        if (!p.type().name().equals("ipv4") || (p.type().sub().isPresent() && !withPort)) {
            diags.error(Code.UNKNOWN_TYPE, p.type().span(), "`" + p.type().text() + "` is not a pool type")
                    .help("pools hold `ipv4` or `ipv4:port` members")
                    .emit();
            return Optional.empty();
        }
        int cap = capacity(p.capacity());
        List<Elem> members = new ArrayList<>();
        for (Value.Entry e : p.init().map(Value.SetLit::entries).orElse(List.of())) {
            if (withPort != e.value().isPresent()) {
                diags.error(
                                Code.ELEMENT_TYPE,
                                e.span(),
                                withPort
                                        ? "members of an `ipv4:port` pool need a port"
                                        : "members of an `ipv4` pool have no port")
                        .help(withPort ? "write `10.0.1.11:80`" : "declare the pool as `ipv4:port` to give ports")
                        .emit();
                continue;
            }
            Optional<List<Elem>> a = values.elements(e.key(), Type.IPV4, "pool `" + p.name() + "`");
            Optional<Long> port = e.value()
                    .flatMap(v ->
                            v instanceof Value.Int i ? values.literals().integer(i, Type.PORT, "a port") : badPort(v));
            if (a.isEmpty() || (withPort && port.isEmpty())) continue;
            for (Elem x : a.get()) {
                members.add(
                        withPort
                                ? new Elem.AddrPort(
                                        ((Elem.Addr) x).addr(), port.get().intValue())
                                : x);
            }
        }
        if (p.init().isPresent()) {
            members = dedupe(members, p.init().get());
            overfull(members.size(), cap, p.init().get(), p.name().text());
        }
        return Optional.of(new Defs.PoolDef(p.name().text(), p.name().span(), withPort, cap, members));
    }

    private Optional<Long> badPort(Value v) {
        diags.error(Code.ELEMENT_TYPE, v.span(), "a port must be an integer 0..65535")
                .emit();
        return Optional.empty();
    }

    private void overfull(int n, int cap, Value.SetLit init, String name) {
        if (n > cap) {
            diags.error(
                            Code.OVERFULL,
                            init.span(),
                            "`" + name + "` starts with " + n + " elements but its capacity is " + cap)
                    .help("raise it with `capacity " + n + "` or more")
                    .emit();
        }
    }

    /** Removes duplicates (warning each) and warns about overlapping prefixes; keeps source order. */
    List<Elem> dedupe(List<Elem> elems, Value.SetLit init) {
        List<Elem> out = new ArrayList<>();
        java.util.Set<Elem> seen = new java.util.HashSet<>();
        for (Elem e : elems) {
            if (!seen.add(e)) {
                diags.warning(Code.REDUNDANT_ELEMENT, init.span(), "element " + e + " is given more than once")
                        .emit();
                continue;
            }
            out.add(e);
        }
        overlaps(out, init);
        return out;
    }

    /** Warns once per overlapping pair of prefixes in one literal (pointing at the entries). */
    void overlaps(List<Elem> elems, Value.SetLit init) {
        List<Prefix> ps = elems.stream()
                .filter(e -> e instanceof Elem.Pfx)
                .map(e -> ((Elem.Pfx) e).prefix())
                .toList();
        if (ps.size() > 4096) return;
        for (int i = 0; i < ps.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ps.get(i).overlaps(ps.get(j))) {
                    Prefix wide = ps.get(i).len() <= ps.get(j).len() ? ps.get(i) : ps.get(j);
                    Prefix narrow = wide == ps.get(i) ? ps.get(j) : ps.get(i);
                    diags.warning(
                                    Code.OVERLAPPING_PREFIXES,
                                    entrySpan(init, narrow),
                                    "prefix " + narrow + " overlaps " + wide + " in the same literal")
                            .label(entrySpan(init, wide), wide + " is here")
                            .help("longest-prefix match picks " + narrow
                                    + " for its addresses; drop one if that is not intended")
                            .emit();
                }
            }
        }
    }

    private static dev.routec.compiler.source.Span entrySpan(Value.SetLit init, Prefix p) {
        for (Value.Entry e : init.entries()) {
            String t = e.key().span().text();
            if (t.equals(p.toString()) || t.equals(p.addr().toString()) || t.equals(p.addr() + "/" + p.len()))
                return e.key().span();
        }
        return init.span();
    }
}
