package dev.routec.compiler.ir;

import dev.routec.compiler.ast.Expr.CmpOp;
import java.util.List;

/**
 * A rule condition. Absent-field rule (LANGUAGE.md §4): a comparison or membership test that reads
 * an absent operand is false; {@link Not} is plain negation.
 */
public sealed interface Cond {
    /** No condition: the rule always runs. */
    record True() implements Cond {}

    record Not(Cond operand) implements Cond {}

    record And(Cond left, Cond right) implements Cond {}

    record Or(Cond left, Cond right) implements Cond {}

    /**
     * A comparison of two operands of one kind. Addresses of different families are incomparable
     * (false for every operator); ordering operators apply to integers only (false otherwise).
     */
    record Cmp(CmpOp op, Op left, Op right) implements Cond {}

    /** A boolean operand that is present and true. */
    record Truth(Op operand) implements Cond {}

    /** Membership in a runtime container: {@code container} indexes {@link IrPolicy#maps()}. */
    record InMap(Op operand, int container) implements Cond {}

    /** The value domains of literal intervals. */
    enum Domain {
        /** unsigned integers */
        INT,
        /** IPv4 addresses as unsigned 32-bit values (the operand must be IPv4) */
        V4,
        /** IPv6 addresses as unsigned 128-bit values (the operand must be IPv6) */
        V6,
        /** MAC addresses as 48-bit values */
        MAC
    }

    /** Membership in a few literal intervals, tested inline. */
    record InIntervals(Op operand, Domain domain, List<Interval> intervals) implements Cond {
        public InIntervals {
            intervals = List.copyOf(intervals);
        }
    }

    /**
     * Membership in literal intervals kept in a table ({@code rt_ranges} for every domain but V6,
     * {@code rt_ranges6} for V6), entries {@code first .. first + count - 1}, searched by binary
     * search.
     */
    record InTable(Op operand, Domain domain, int first, int count) implements Cond {}

    /**
     * A closed interval {@code [lo, hi]}; for the V6 domain the bounds are 128-bit values held as
     * (hi, lo) 64-bit halves, otherwise only {@code loLo}/{@code hiLo} are used (unsigned).
     */
    record Interval(long loHi, long loLo, long hiHi, long hiLo) {
        public static Interval of(long lo, long hi) {
            return new Interval(0, lo, 0, hi);
        }
    }
}
