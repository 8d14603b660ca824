package dev.routec.compiler.check;

import dev.routec.compiler.net.Prefix;
import dev.routec.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The initial contents of a set, map or pool, entry by entry as written. Ranges stay unexpanded
 * until the contents are known to fit the capacity, so `{0..4294967295}` is reported as overfull
 * instead of being expanded into four billion elements; repeats and overlaps are reported once
 * per entry, at that entry.
 */
final class Contents {
    private Contents() {}

    /** One entry of a braced literal: its elements (ranges unexpanded) and where it was written. */
    record Item(Span span, List<Elem> elems) {
        Item {
            elems = List.copyOf(elems);
        }
    }

    /** Reports an item that repeats {@code count} elements of earlier items, {@code first} first. */
    interface Repeat {
        void report(Item item, Elem first, long count, Span firstGiven);
    }

    /** Elements with ranges counted at their size. */
    static long count(List<Elem> elems) {
        long n = 0;
        for (Elem e : elems) {
            long size = e instanceof Elem.IntRange r ? r.hi() - r.lo() + 1 : 1;
            n = size <= 0 || n + size < n ? Long.MAX_VALUE : n + size; // u64-sized ranges saturate
        }
        return n;
    }

    static List<Elem> expand(List<Elem> elems) {
        List<Elem> out = new ArrayList<>();
        for (Elem e : elems) {
            if (e instanceof Elem.IntRange r) for (long x = r.lo(); x <= r.hi(); x++) out.add(new Elem.Int(x));
            else out.add(e);
        }
        return out;
    }

    /** How many distinct elements the items hold, computed without expanding ranges. */
    static long distinct(List<Item> items) {
        List<long[]> ranges = new ArrayList<>();
        Set<Elem> others = new HashSet<>();
        for (Item it : items) {
            for (Elem e : it.elems()) {
                switch (e) {
                    case Elem.IntRange r -> ranges.add(new long[] {r.lo(), r.hi()});
                    case Elem.Int i -> ranges.add(new long[] {i.value(), i.value()});
                    default -> others.add(e);
                }
            }
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        long n = others.size(), lo = 0, hi = -1;
        for (long[] r : ranges) {
            if (r[0] > hi + 1 || hi < lo) {
                n += hi - lo + 1;
                lo = r[0];
                hi = r[1];
            } else hi = Math.max(hi, r[1]);
        }
        return n + hi - lo + 1;
    }

    /**
     * The expanded elements in source order without repeats, each with the index of its item; every
     * item that repeats elements of earlier items is reported once.
     */
    static List<Kept> walk(List<Item> items, Repeat repeat) {
        List<Kept> out = new ArrayList<>();
        Map<Elem, Span> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            Elem first = null;
            Span firstGiven = null;
            long repeats = 0;
            for (Elem e : expand(it.elems())) {
                Span prev = seen.putIfAbsent(e, it.span());
                if (prev == null) {
                    out.add(new Kept(e, i));
                    continue;
                }
                if (repeats++ == 0) {
                    first = e;
                    firstGiven = prev;
                }
            }
            if (repeats > 0) repeat.report(it, first, repeats, firstGiven);
        }
        return out;
    }

    /** An element that made it into the contents, and the item it came from. */
    record Kept(Elem elem, int item) {}

    /** A prefix and the entry that gave it, for overlap warnings. */
    record Placed(Prefix prefix, Span span) {}
}
