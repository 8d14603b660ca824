package dev.routec.compiler.check;

import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Folds literal values and consts, and converts them to elements of a declared type. */
final class Values {
    private final Diagnostics diags;
    private final Literals lits;
    private final Scope scope;
    private final Map<String, Optional<CValue>> folded = new java.util.HashMap<>();
    private final Set<String> folding = new HashSet<>();

    Values(Diagnostics diags, Literals lits, Scope scope) {
        this.diags = diags;
        this.lits = lits;
        this.scope = scope;
    }

    Literals literals() {
        return lits;
    }

    Optional<Scope.Sym> scopeLookup(String name) {
        return scope.lookup(name);
    }

    /** Folds any value; names must denote consts. Empty when an error was reported. */
    Optional<CValue> fold(Value v) {
        return switch (v) {
            case Value.Int i ->
                Type.U64.fits(i.value()) || tooBig(i)
                        ? Optional.of((CValue) new CValue.Scalar(
                                Type.INT, new Elem.Int(i.value().longValue())))
                        : Optional.empty();
            case Value.Ipv4 a -> lits.ipv4(a).map(x -> (CValue) new CValue.Scalar(Type.IPV4, new Elem.Addr(x)));
            case Value.Ipv6 a -> lits.ipv6(a).map(x -> (CValue) new CValue.Scalar(Type.IPV6, new Elem.Addr(x)));
            case Value.Ipv4Prefix p -> lits.prefix(p).map(x -> (CValue) new CValue.PrefixVal(new Elem.Pfx(x)));
            case Value.Ipv6Prefix p -> lits.prefix(p).map(x -> (CValue) new CValue.PrefixVal(new Elem.Pfx(x)));
            case Value.Mac m -> lits.mac(m).map(x -> (CValue) new CValue.Scalar(Type.MAC, new Elem.Mac(x)));
            case Value.Str s -> Optional.of((CValue) new CValue.Str(s.value()));
            case Value.Range r -> range(r).map(x -> (CValue) new CValue.SetVal(List.of(x)));
            case Value.SetLit s -> setLit(s);
            case Value.Name n -> constValue(n);
        };
    }

    private boolean tooBig(Value.Int i) {
        diags.error(Code.INT_OUT_OF_RANGE, i.span(), i.text() + " is too large")
                .help("integers are at most 64 bits (0.." + Type.U64.maxValue() + ")")
                .emit();
        return false;
    }

    Optional<Elem> range(Value.Range r) {
        if (!Type.U64.fits(r.lo().value()) || !Type.U64.fits(r.hi().value())) {
            tooBig(Type.U64.fits(r.lo().value()) ? r.hi() : r.lo());
            return Optional.empty();
        }
        if (r.lo().value().compareTo(r.hi().value()) > 0) {
            diags.error(Code.EMPTY_RANGE, r.span(), "range `" + r.span().text() + "` is empty")
                    .help("write the low end first: `" + r.hi().text() + ".." + r.lo().text() + "`")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(
                new Elem.IntRange(r.lo().value().longValue(), r.hi().value().longValue()));
    }

    private Optional<CValue> setLit(Value.SetLit s) {
        List<Elem> out = new ArrayList<>();
        boolean ok = true;
        for (Value.Entry e : s.entries()) {
            if (e.value().isPresent()) {
                diags.error(Code.TYPE_MISMATCH, e.span(), "`key: value` entries belong in map contents")
                        .emit();
                ok = false;
                continue;
            }
            Optional<CValue> c = fold(e.key());
            if (c.isEmpty()) {
                ok = false;
                continue;
            }
            switch (c.get()) {
                case CValue.Scalar sc -> out.add(sc.elem());
                case CValue.PrefixVal p -> out.add(p.prefix());
                case CValue.SetVal sv -> out.addAll(sv.elems());
                case CValue.Str str -> {
                    diags.error(Code.TYPE_MISMATCH, e.span(), "a string cannot be a set element")
                            .emit();
                    ok = false;
                }
            }
        }
        return ok ? Optional.of(new CValue.SetVal(out)) : Optional.empty();
    }

    private Optional<CValue> constValue(Value.Name n) {
        Optional<Scope.Sym> sym = scope.lookup(n.name());
        if (sym.isEmpty()) {
            unknown(n.span(), n.name());
            return Optional.empty();
        }
        if (!(sym.get() instanceof Scope.ConstSym c)) {
            diags.error(Code.WRONG_KIND, n.span(), "`" + n.name() + "` is " + kind(sym.get()) + ", not a const")
                    .emit();
            return Optional.empty();
        }
        scope.used.add(n.name());
        if (folded.containsKey(n.name())) return folded.get(n.name());
        if (folding.contains(n.name())) {
            diags.error(Code.WRONG_KIND, n.span(), "const `" + n.name() + "` is defined in terms of itself")
                    .emit();
            return Optional.empty();
        }
        return foldOnce(c.decl());
    }

    /**
     * Folds a const's declaration, once: its errors are reported at the declaration and not again
     * at each use. A second const of the same name (already an error) is folded on its own.
     */
    Optional<CValue> foldConst(Decl.Const c) {
        String name = c.name().text();
        if (!(scope.lookup(name).orElse(null) instanceof Scope.ConstSym s) || s.decl() != c) return fold(c.value());
        return folded.containsKey(name) ? folded.get(name) : foldOnce(c);
    }

    private Optional<CValue> foldOnce(Decl.Const c) {
        String name = c.name().text();
        folding.add(name);
        Optional<CValue> v = fold(c.value());
        folding.remove(name);
        folded.put(name, v);
        return v;
    }

    void unknown(dev.routec.compiler.source.Span span, String name) {
        var b = diags.error(Code.UNKNOWN_NAME, span, "unknown name `" + name + "`");
        List<String> cands = new ArrayList<>(scope.names.keySet());
        cands.addAll(Field.names());
        Suggest.closest(name, cands).ifPresent(s -> b.help("did you mean `" + s + "`?"));
        b.emit();
    }

    static String kind(Scope.Sym s) {
        return switch (s) {
            case Scope.ConstSym c -> "a const";
            case Scope.RuleSym r -> "a rule";
            case Scope.ContainerSym c ->
                switch (c.decl()) {
                    case Decl.SetDecl d -> "a set";
                    case Decl.MapDecl d -> "a map";
                    case Decl.PoolDecl d -> "a pool";
                    default -> "a declaration";
                };
        };
    }

    /**
     * Converts a value to elements of a runtime set/map-key type, expanding ranges and const sets.
     * Returns empty when something was reported.
     */
    Optional<List<Elem>> elements(Value v, Type type, String what) {
        Optional<List<Elem>> raw = unexpanded(v, type, what);
        if (raw.isEmpty()) return raw;
        long n = Contents.count(raw.get());
        if (n > DeclChecker.MAX_CAPACITY) {
            diags.error(
                            Code.OVERFULL,
                            v.span(),
                            "`" + v.span().text() + "` holds " + (n == Long.MAX_VALUE ? "too many" : n)
                                    + " elements; no set or map holds more than " + DeclChecker.MAX_CAPACITY)
                    .emit();
            return Optional.empty();
        }
        return Optional.of(Contents.expand(raw.get()));
    }

    /** Like {@link #elements}, but ranges stay ranges, so contents can be counted before expanding. */
    Optional<List<Elem>> unexpanded(Value v, Type type, String what) {
        Optional<CValue> c = fold(v);
        if (c.isEmpty()) return Optional.empty();
        List<Elem> raw =
                switch (c.get()) {
                    case CValue.Scalar s -> List.of(s.elem());
                    case CValue.PrefixVal p -> List.of(p.prefix());
                    case CValue.SetVal s -> s.elems();
                    case CValue.Str s -> List.of();
                };
        if (c.get() instanceof CValue.Str) {
            return mismatch(v, type, what, "a string");
        }
        List<Elem> out = new ArrayList<>();
        for (Elem e : raw) {
            Optional<Elem> conv = convert(e, type);
            if (conv.isEmpty()) return mismatch(v, type, what, describe(e));
            out.add(conv.get());
        }
        return Optional.of(out);
    }

    private Optional<List<Elem>> mismatch(Value v, Type type, String what, String got) {
        diags.error(Code.ELEMENT_TYPE, v.span(), got + " is not a valid " + type.text + " for " + what)
                .help(example(type))
                .emit();
        return Optional.empty();
    }

    static String describe(Elem e) {
        return switch (e) {
            case Elem.Int i -> "integer " + i;
            case Elem.IntRange r -> "range " + r;
            case Elem.Addr a -> (a.addr().isV4() ? "IPv4 address " : "IPv6 address ") + a;
            case Elem.Pfx p -> (p.prefix().isV4() ? "IPv4 prefix " : "IPv6 prefix ") + p;
            case Elem.Mac m -> "MAC address " + m;
            case Elem.AddrPort ap -> "address and port " + ap;
        };
    }

    private static String example(Type t) {
        return switch (t) {
            case IPV4 -> "expected an IPv4 address such as 192.0.2.1";
            case IPV6 -> "expected an IPv6 address such as 2001:db8::1";
            case PREFIX4 -> "expected an IPv4 prefix such as 10.0.0.0/8 (or an address)";
            case PREFIX6 -> "expected an IPv6 prefix such as 2001:db8::/32 (or an address)";
            case MAC -> "expected a MAC address such as 02:00:00:00:00:01";
            default -> "expected an integer 0.." + t.maxValue() + " or a range";
        };
    }

    /** Element conversion to a set/map type: addresses become host prefixes; ranges are kept. */
    static Optional<Elem> convert(Elem e, Type type) {
        return switch (type) {
            case IPV4, IPV6 ->
                e instanceof Elem.Addr a && a.addr().isV4() == (type == Type.IPV4) ? Optional.of(e) : Optional.empty();
            case PREFIX4, PREFIX6 -> {
                boolean v4 = type == Type.PREFIX4;
                if (e instanceof Elem.Addr a && a.addr().isV4() == v4)
                    yield Optional.of(new Elem.Pfx(new Prefix(a.addr(), a.addr().bits())));
                if (e instanceof Elem.Pfx p && p.prefix().isV4() == v4) yield Optional.of(e);
                yield Optional.empty();
            }
            case MAC -> e instanceof Elem.Mac ? Optional.of(e) : Optional.empty();
            default -> ints(e, type);
        };
    }

    /** Integers and ranges that fit the type (a range's low end is at most its high end). */
    private static Optional<Elem> ints(Elem e, Type type) {
        boolean fits =
                switch (e) {
                    case Elem.Int i -> type.fits(unsigned(i.value()));
                    case Elem.IntRange r -> type.fits(unsigned(r.hi()));
                    default -> false;
                };
        return fits ? Optional.of(e) : Optional.empty();
    }

    /** An {@link Elem.Int} value, which holds u64 values above Long.MAX_VALUE as negative longs. */
    static java.math.BigInteger unsigned(long v) {
        return new java.math.BigInteger(Long.toUnsignedString(v));
    }

    /** A pool member's port: an integer, or a const holding one, 0..65535. Empty when reported. */
    Optional<Integer> port(Value v) {
        Optional<CValue> c = fold(v);
        if (c.isEmpty()) return Optional.empty();
        if (c.get() instanceof CValue.Scalar s && s.elem() instanceof Elem.Int i) {
            if (Type.PORT.fits(unsigned(i.value()))) return Optional.of((int) i.value());
            diags.error(Code.INT_OUT_OF_RANGE, v.span(), v.span().text() + " does not fit a port")
                    .help("a port takes 0..65535")
                    .emit();
            return Optional.empty();
        }
        diags.error(Code.ELEMENT_TYPE, v.span(), "a port must be an integer 0..65535")
                .emit();
        return Optional.empty();
    }

    /** A single address (for NAT targets and `route via`), from a literal or a const. */
    Optional<IpAddr> address(Value v, String what) {
        Optional<CValue> c = fold(v);
        if (c.isEmpty()) return Optional.empty();
        if (c.get() instanceof CValue.Scalar s && s.elem() instanceof Elem.Addr a) return Optional.of(a.addr());
        diags.error(Code.TYPE_MISMATCH, v.span(), what + " must be an IPv4 or IPv6 address")
                .emit();
        return Optional.empty();
    }
}
