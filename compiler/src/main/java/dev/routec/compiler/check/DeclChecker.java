package dev.routec.compiler.check;

import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
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
        Value.Int c = cap.get();
        if (c.value().signum() < 1 || c.value().compareTo(java.math.BigInteger.valueOf(MAX_CAPACITY)) > 0) {
            diags.error(Code.CAPACITY, c.span(), "capacity " + c.text() + " is out of range")
                    .help("a capacity is 1.." + MAX_CAPACITY)
                    .emit();
            return DEFAULT_CAPACITY;
        }
        return c.value().intValue();
    }

    private Optional<Defs.Container> set(Decl.SetDecl s) {
        Optional<Type> t = type(s.type(), SET_TYPES, "set");
        int cap = capacity(s.capacity());
        if (t.isEmpty()) return Optional.empty();
        List<Contents.Item> items = new ArrayList<>();
        for (Value.Entry e : s.init().map(Value.SetLit::entries).orElse(List.of())) {
            if (e.value().isPresent()) {
                diags.error(Code.TYPE_MISMATCH, e.span(), "a set holds elements, not `key: value` entries")
                        .help("use a `map` for keys with values")
                        .emit();
                continue;
            }
            values.unexpanded(e.key(), t.get(), "set `" + s.name() + "`")
                    .ifPresent(x -> items.add(new Contents.Item(e.key().span(), x)));
        }
        List<Elem> elems = s.init().isPresent()
                ? contents(items, cap, s.init().get(), s.name().text())
                : List.of();
        return Optional.of(new Defs.SetDef(s.name().text(), s.name().span(), t.get(), cap, elems));
    }

    /** Checked contents of a set or pool: fits the capacity, repeats warned about and dropped. */
    private List<Elem> contents(List<Contents.Item> items, int cap, Value.SetLit init, String name) {
        if (overfull(Contents.distinct(items), cap, init, name)) return List.of();
        List<Contents.Kept> kept = Contents.walk(items, this::repeatedElement);
        overlaps(kept, items);
        return kept.stream().map(Contents.Kept::elem).toList();
    }

    private void repeatedElement(Contents.Item item, Elem first, long count, Span firstGiven) {
        diags.warning(
                        Code.REDUNDANT_ELEMENT,
                        item.span(),
                        count == 1
                                ? "element " + first + " is given more than once"
                                : count + " elements of `" + item.span().text()
                                        + "` are given more than once, the first is " + first)
                .label(firstGiven, "first given here")
                .help("remove the repeated " + (count == 1 ? "element" : "elements"))
                .emit();
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
        List<Contents.Item> keys = new ArrayList<>();
        List<Elem> vals = new ArrayList<>();
        for (Value.Entry e : m.init().map(Value.SetLit::entries).orElse(List.of())) {
            if (e.value().isEmpty()) {
                diags.error(Code.TYPE_MISMATCH, e.span(), "map contents need `key: value` entries")
                        .emit();
                continue;
            }
            Optional<List<Elem>> key = values.unexpanded(e.key(), k.get(), "the keys of `" + m.name() + "`");
            Optional<Elem> val = single(e.value().get(), v.get(), "the values of `" + m.name() + "`");
            if (key.isEmpty() || val.isEmpty()) continue;
            keys.add(new Contents.Item(e.key().span(), key.get()));
            vals.add(val.get());
        }
        List<Defs.MapEntry> entries = new ArrayList<>();
        if (m.init().isPresent()
                && !overfull(
                        Contents.distinct(keys), cap, m.init().get(), m.name().text())) {
            List<Contents.Kept> kept = Contents.walk(keys, this::repeatedKey);
            overlaps(kept, keys);
            for (Contents.Kept x : kept) entries.add(new Defs.MapEntry(x.elem(), vals.get(x.item())));
        }
        return Optional.of(new Defs.MapDef(m.name().text(), m.name().span(), k.get(), v.get(), cap, dflt, entries));
    }

    private void repeatedKey(Contents.Item item, Elem first, long count, Span firstGiven) {
        diags.error(
                        Code.DUPLICATE_ELEMENT,
                        item.span(),
                        count == 1
                                ? "key " + first + " is given twice"
                                : count + " keys of `" + item.span().text() + "` are given twice, the first is "
                                        + first)
                .label(firstGiven, "first given here")
                .help("a map holds one value per key")
                .emit();
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
        List<Contents.Item> items = new ArrayList<>();
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
            Optional<Integer> port = e.value().flatMap(values::port);
            if (a.isEmpty() || (withPort && port.isEmpty())) continue;
            List<Elem> members = new ArrayList<>();
            for (Elem x : a.get()) {
                members.add(withPort ? new Elem.AddrPort(((Elem.Addr) x).addr(), port.get()) : x);
            }
            items.add(new Contents.Item(e.span(), members));
        }
        List<Elem> members = p.init().isPresent()
                ? contents(items, cap, p.init().get(), p.name().text())
                : List.of();
        return Optional.of(new Defs.PoolDef(p.name().text(), p.name().span(), withPort, cap, members));
    }

    /** Reports contents larger than the capacity; true when it did. */
    private boolean overfull(long n, int cap, Value.SetLit init, String name) {
        if (n <= cap) return false;
        var b = diags.error(
                Code.OVERFULL, init.span(), "`" + name + "` starts with " + n + " elements but its capacity is " + cap);
        if (n <= MAX_CAPACITY) b.help("raise it with `capacity " + n + "` or more");
        else b.help("no set, map or pool holds more than " + MAX_CAPACITY + " elements");
        b.emit();
        return true;
    }

    /** Warns once per overlapping pair of prefixes in one literal, at the narrower one's entry. */
    private void overlaps(List<Contents.Kept> kept, List<Contents.Item> items) {
        List<Contents.Placed> ps = kept.stream()
                .filter(k -> k.elem() instanceof Elem.Pfx)
                .map(k -> new Contents.Placed(
                        ((Elem.Pfx) k.elem()).prefix(), items.get(k.item()).span()))
                .toList();
        if (ps.size() > 4096) return;
        for (int i = 0; i < ps.size(); i++) {
            for (int j = 0; j < i; j++) {
                Contents.Placed a = ps.get(i), b = ps.get(j);
                if (!a.prefix().overlaps(b.prefix())) continue;
                Contents.Placed wide = a.prefix().len() <= b.prefix().len() ? a : b;
                Contents.Placed narrow = wide == a ? b : a;
                diags.warning(
                                Code.OVERLAPPING_PREFIXES,
                                narrow.span(),
                                "prefix " + narrow.prefix() + " overlaps " + wide.prefix() + " in the same literal")
                        .label(wide.span(), wide.prefix() + " is here")
                        .help("longest-prefix match picks " + narrow.prefix()
                                + " for its addresses; drop one if that is not intended")
                        .emit();
            }
        }
    }
}
