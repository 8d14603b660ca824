package dev.routec.compiler.check;

import dev.routec.compiler.ast.Expr.CmpOp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Conditions in disjunctive normal form over atoms, for the reachability analysis. A domain atom
 * says "field F is present with a value in S" (or, with {@code absentOk}, "F is absent or in S"),
 * which models the absent-field rule exactly; anything else (set membership, map reads, `&`) is an
 * opaque atom that implies only itself. Too large a DNF gives up (empty), which keeps the analysis
 * sound.
 */
final class Conditions {
    private static final int MAX_TERMS = 64;
    /** Pseudo field for the L3 family: 0 other, 1 IPv4, 2 IPv6. */
    static final String FAMILY = "#family";

    private Conditions() {}

    record Atom(String key, IntervalSet values, boolean absentOk, BigInteger max, boolean opaque) {
        Atom and(Atom o) {
            return new Atom(key, values.intersect(o.values), absentOk && o.absentOk, max, opaque);
        }

        Atom negate() {
            return opaque
                    ? new Atom(key.startsWith("!") ? key.substring(1) : "!" + key, values, false, max, true)
                    : new Atom(key, values.complement(max), !absentOk, max, false);
        }

        boolean unsat() {
            return !opaque && values.isEmpty() && !absentOk;
        }

        boolean trivial() {
            return !opaque && absentOk && values.equals(IntervalSet.of(BigInteger.ZERO, max));
        }
    }

    /** A conjunction of atoms, at most one per key. */
    record Term(Map<String, Atom> atoms) {
        static final Term TRUE = new Term(Map.of());

        Term and(Term o) {
            Map<String, Atom> m = new TreeMap<>(atoms);
            o.atoms.forEach((k, a) -> m.merge(k, a, Atom::and));
            return new Term(Map.copyOf(m));
        }

        boolean unsat() {
            return atoms.values().stream().anyMatch(Atom::unsat)
                    || atoms.keySet().stream().anyMatch(k -> atoms.containsKey("!" + k));
        }

        /** Every packet satisfying this term satisfies {@code o}. */
        boolean implies(Term o) {
            for (Atom b : o.atoms.values()) {
                Atom a = atoms.get(b.key());
                if (a == null) {
                    if (!b.trivial()) return false;
                    continue;
                }
                if (b.opaque()) continue;
                if (!a.values().subsetOf(b.values()) || (a.absentOk() && !b.absentOk())) return false;
            }
            return true;
        }
    }

    /** The satisfiable terms of the condition's DNF, or empty when it is beyond the analysis. */
    static Optional<List<Term>> dnf(TExpr e) {
        Optional<List<Term>> d = dnf(e, false);
        return d.map(ts ->
                ts.stream().map(Conditions::derive).filter(t -> !t.unsat()).toList());
    }

    private static Optional<List<Term>> dnf(TExpr e, boolean neg) {
        return switch (e) {
            case TExpr.Not n -> dnf(n.operand(), !neg);
            case TExpr.And a ->
                neg ? or(dnf(a.left(), true), dnf(a.right(), true)) : and(dnf(a.left(), false), dnf(a.right(), false));
            case TExpr.Or o ->
                neg ? and(dnf(o.left(), true), dnf(o.right(), true)) : or(dnf(o.left(), false), dnf(o.right(), false));
            default -> Optional.of(atomTerms(e, neg));
        };
    }

    private static Optional<List<Term>> or(Optional<List<Term>> a, Optional<List<Term>> b) {
        if (a.isEmpty() || b.isEmpty() || a.get().size() + b.get().size() > MAX_TERMS) return Optional.empty();
        List<Term> out = new ArrayList<>(a.get());
        out.addAll(b.get());
        return Optional.of(out);
    }

    private static Optional<List<Term>> and(Optional<List<Term>> a, Optional<List<Term>> b) {
        if (a.isEmpty() || b.isEmpty() || (long) a.get().size() * b.get().size() > MAX_TERMS) return Optional.empty();
        List<Term> out = new ArrayList<>();
        for (Term x : a.get()) for (Term y : b.get()) out.add(x.and(y));
        return Optional.of(out);
    }

    /** A leaf as terms: usually one atom; predicates like `icmp` are conjunctions. */
    private static List<Term> atomTerms(TExpr e, boolean neg) {
        List<Atom> conj = leaf(e);
        if (!neg) return List.of(term(conj));
        return conj.stream().map(a -> term(List.of(a.negate()))).toList();
    }

    private static Term term(List<Atom> atoms) {
        Term t = Term.TRUE;
        for (Atom a : atoms) t = t.and(new Term(Map.of(a.key(), a)));
        return t;
    }

    private static List<Atom> leaf(TExpr e) {
        return switch (e) {
            case TExpr.FieldRef f -> fieldLeaf(f.field()).orElse(List.of(opaque(e)));
            case TExpr.Compare c -> compare(c).map(List::of).orElse(List.of(opaque(e)));
            case TExpr.InLiteral i -> inLiteral(i).map(List::of).orElse(List.of(opaque(e)));
            default -> List.of(opaque(e));
        };
    }

    private static Atom opaque(TExpr e) {
        String key =
                switch (e) {
                    case TExpr.InContainer i ->
                        "in:" + text(i.left()) + ":" + i.container().name();
                    default -> "expr:" + e.span().text().replaceAll("\\s+", " ");
                };
        return new Atom(key, IntervalSet.empty(), false, BigInteger.ZERO, true);
    }

    private static String text(TExpr e) {
        return e instanceof TExpr.FieldRef f ? f.field().text : e.span().text();
    }

    private static Atom domain(String key, IntervalSet values, BigInteger max) {
        return new Atom(key, values, false, max, false);
    }

    private static final BigInteger U8 = BigInteger.valueOf(255);

    private static Atom family(int... fams) {
        IntervalSet s = IntervalSet.empty();
        for (int f : fams) s = s.union(IntervalSet.point(BigInteger.valueOf(f)));
        return domain(FAMILY, s, BigInteger.TWO);
    }

    private static Atom proto(int... protos) {
        IntervalSet s = IntervalSet.empty();
        for (int p : protos) s = s.union(IntervalSet.point(BigInteger.valueOf(p)));
        return domain(Field.PROTO.text, s, U8);
    }

    private static Optional<List<Atom>> fieldLeaf(Field f) {
        return switch (f) {
            case TCP -> Optional.of(List.of(proto(6)));
            case UDP -> Optional.of(List.of(proto(17)));
            case SCTP -> Optional.of(List.of(proto(132)));
            case ICMP -> Optional.of(List.of(family(1), proto(1)));
            case ICMP6 -> Optional.of(List.of(family(2), proto(58)));
            case IPV4 -> Optional.of(List.of(family(1)));
            case IPV6 -> Optional.of(List.of(family(2)));
            case ARP -> Optional.empty();
            default ->
                f.type == Type.BOOL
                        ? Optional.of(List.of(domain(f.text, IntervalSet.point(BigInteger.ONE), BigInteger.ONE)))
                        : Optional.empty();
        };
    }

    /** Field, universe maximum and the key used for it (src/dst split by the literal's family). */
    private record Slot(String key, BigInteger max) {}

    private static Optional<Slot> slot(Field f, Optional<Boolean> v4) {
        if (f == Field.SRC || f == Field.DST) {
            if (v4.isEmpty()) return Optional.empty();
            Field real = f == Field.SRC
                    ? (v4.get() ? Field.IP_SRC : Field.IP6_SRC)
                    : (v4.get() ? Field.IP_DST : Field.IP6_DST);
            return slot(real, v4);
        }
        return switch (f.type) {
            case IPV4 ->
                Optional.of(new Slot(f.text, BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE)));
            case IPV6 ->
                Optional.of(new Slot(f.text, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
            case MAC ->
                Optional.of(new Slot(f.text, BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE)));
            default -> f.type.isInt() ? Optional.of(new Slot(f.text, f.type.maxValue())) : Optional.empty();
        };
    }

    private static Optional<Atom> compare(TExpr.Compare c) {
        boolean flip = !(c.left() instanceof TExpr.FieldRef);
        TExpr fe = flip ? c.right() : c.left(), ke = flip ? c.left() : c.right();
        if (!(fe instanceof TExpr.FieldRef f) || !(ke instanceof TExpr.Const k)) return Optional.empty();
        Optional<BigInteger> v = value(k.value());
        Optional<Slot> s = slot(f.field(), family(k.value()));
        if (v.isEmpty() || s.isEmpty()) return Optional.empty();
        BigInteger max = s.get().max(), x = v.get();
        CmpOp op = flip ? mirror(c.op()) : c.op();
        IntervalSet set =
                switch (op) {
                    case EQ -> IntervalSet.point(x);
                    case NE -> IntervalSet.point(x).complement(max);
                    case LT -> IntervalSet.of(BigInteger.ZERO, x.subtract(BigInteger.ONE));
                    case LE -> IntervalSet.of(BigInteger.ZERO, x);
                    case GT -> IntervalSet.of(x.add(BigInteger.ONE), max);
                    case GE -> IntervalSet.of(x, max);
                };
        return Optional.of(domain(s.get().key(), set.intersect(IntervalSet.of(BigInteger.ZERO, max)), max));
    }

    private static CmpOp mirror(CmpOp op) {
        return switch (op) {
            case LT -> CmpOp.GT;
            case LE -> CmpOp.GE;
            case GT -> CmpOp.LT;
            case GE -> CmpOp.LE;
            default -> op;
        };
    }

    private static Optional<Atom> inLiteral(TExpr.InLiteral i) {
        if (!(i.left() instanceof TExpr.FieldRef f) || i.elems().isEmpty()) return Optional.empty();
        Optional<Boolean> fam = family(i.elems().get(0));
        if (i.elems().stream().anyMatch(e -> !family(e).equals(fam))) return Optional.empty();
        Optional<Slot> s = slot(f.field(), fam);
        if (s.isEmpty()) return Optional.empty();
        IntervalSet set = IntervalSet.empty();
        for (Elem e : i.elems()) {
            Optional<IntervalSet> r = interval(e, s.get().max());
            if (r.isEmpty()) return Optional.empty();
            set = set.union(r.get());
        }
        return Optional.of(domain(s.get().key(), set, s.get().max()));
    }

    private static Optional<IntervalSet> interval(Elem e, BigInteger max) {
        return switch (e) {
            case Elem.IntRange r ->
                Optional.of(IntervalSet.of(
                        Values.unsigned(r.lo()), Values.unsigned(r.hi()).min(max)));
            case Elem.Pfx p -> {
                BigInteger lo = p.prefix().first();
                int host = p.prefix().addr().bits() - p.prefix().len();
                yield Optional.of(IntervalSet.of(
                        lo, lo.add(BigInteger.ONE.shiftLeft(host)).subtract(BigInteger.ONE)));
            }
            default -> value(e).map(IntervalSet::point);
        };
    }

    private static Optional<BigInteger> value(Elem e) {
        return switch (e) {
            case Elem.Int i -> Optional.of(new BigInteger(Long.toUnsignedString(i.value())));
            case Elem.Addr a -> Optional.of(new BigInteger(1, a.addr().bytes()));
            case Elem.Mac m -> Optional.of(BigInteger.valueOf(m.mac().value()));
            default -> Optional.empty();
        };
    }

    private static Optional<Boolean> family(Elem e) {
        return switch (e) {
            case Elem.Addr a -> Optional.of(a.addr().isV4());
            case Elem.Pfx p -> Optional.of(p.prefix().isV4());
            default -> Optional.empty();
        };
    }

    /** Adds what present fields imply: their family, and the protocol their header belongs to. */
    private static Term derive(Term t) {
        Term out = t;
        for (Atom a : t.atoms().values()) {
            if (a.opaque() || a.absentOk()) continue;
            Optional<Field> f = Field.byName(a.key());
            if (f.isEmpty()) continue;
            switch (f.get().family) {
                case V4 -> out = out.and(term(List.of(family(1))));
                case V6 -> out = out.and(term(List.of(family(2))));
                case ANY -> out = out.and(term(List.of(family(1, 2))));
                default -> {}
            }
            switch (f.get()) {
                case SPORT, DPORT -> out = out.and(term(List.of(proto(6, 17, 132))));
                case TCP_SYN, TCP_ACK, TCP_FIN, TCP_RST, TCP_PSH, TCP_URG -> out = out.and(term(List.of(proto(6))));
                case ICMP_TYPE, ICMP_CODE -> out = out.and(term(List.of(proto(1, 58))));
                default -> {}
            }
        }
        return out;
    }
}
