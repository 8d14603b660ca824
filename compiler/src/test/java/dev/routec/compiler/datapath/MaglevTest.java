package dev.routec.compiler.datapath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.net.Ipv4Addr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaglevTest {

    @Test
    void tableSizeIsAPrimeNearHundredPerMemberAndAtMost65537() {
        assertEquals(101, Maglev.tableSize(1));
        assertEquals(1601, Maglev.tableSize(16));
        assertEquals(65537, Maglev.tableSize(1024));
        assertEquals(65537, Maglev.tableSize(16_777_216));
        for (int c = 1; c < 2000; c += 7) {
            int m = Maglev.tableSize(c);
            assertTrue(Maglev.isPrime(m) && m <= Maglev.MAX_SIZE && m >= Math.min(100L * c, 65537), "" + c);
        }
    }

    @Test
    void everySlotHoldsAMemberAndLoadIsBalanced() {
        List<Elem> members = members(10);
        int m = Maglev.tableSize(16);
        int[] t = Maglev.table(members, m);
        int[] counts = new int[members.size()];
        for (int x : t) counts[x]++;
        for (int c : counts) assertTrue(Math.abs(c - m / 10) <= m / 10 / 5 + 2, "count " + c);
    }

    @Test
    void emptyPoolTableIsAllEmpty() {
        int[] t = Maglev.table(List.of(), 101);
        for (int x : t) assertEquals(Maglev.EMPTY, x);
    }

    @Test
    void singleMemberTakesEverySlot() {
        for (int x : Maglev.table(members(1), 101)) assertEquals(0, x);
    }

    @Test
    void tableDependsOnlyOnTheSetOfMembers() {
        List<Elem> a = members(7);
        List<Elem> b = new ArrayList<>(a);
        Collections.reverse(b);
        int m = Maglev.tableSize(8);
        int[] ta = Maglev.table(a, m), tb = Maglev.table(b, m);
        for (int i = 0; i < m; i++) assertEquals(a.get(ta[i]), b.get(tb[i]), "slot " + i);
        assertArrayEquals(ta, Maglev.table(a, m), "deterministic");
    }

    @Test
    void duplicatesAreTakenOnce() {
        List<Elem> a = members(3);
        List<Elem> dup = new ArrayList<>(a);
        dup.add(a.get(1));
        int m = 101;
        assertArrayEquals(Maglev.table(a, m), Maglev.table(dup, m));
    }

    @Test
    void portsDistinguishMembers() {
        Elem x = new Elem.AddrPort(new Ipv4Addr(0x0a000001), 80), y = new Elem.AddrPort(new Ipv4Addr(0x0a000001), 81);
        int[] t = Maglev.table(List.of(x, y), 101);
        int zeros = 0;
        for (int v : t) zeros += v == 0 ? 1 : 0;
        assertTrue(zeros > 20 && zeros < 81, "both get slots: " + zeros);
    }

    /** Pinned against a C transcription of the documented offset/skip hashes. */
    @Test
    void memberHashesArePinned() {
        int[] w = Maglev.memberWords(new Elem.Addr(new Ipv4Addr(0x0a00010b)));
        assertArrayEquals(new int[] {0x0a00010b, 0}, w);
        assertEquals(279, Integer.remainderUnsigned(FlowHash.murmur(Maglev.SEED_OFFSET, w), 1601));
        assertEquals(690, Integer.remainderUnsigned(FlowHash.murmur(Maglev.SEED_SKIP, w), 1600) + 1);
        assertEquals(0, Maglev.table(List.of(new Elem.Addr(new Ipv4Addr(0x0a00010b))), 1601)[279]);
    }

    /**
     * Removing one member moves all its slots, and keeps at least 1 - 2/N of the other members'
     * slots where they were (Maglev's "mostly").
     */
    @Test
    void removingAMemberMovesOnlyItsSlotsMostly() {
        qt().withExamples(60)
                .forAll(
                        lists().of(integers().all()).ofSizeBetween(2, 40),
                        integers().between(0, 1000))
                .assuming((addrs, k) -> new LinkedHashSet<>(addrs).size() == addrs.size())
                .checkAssert((addrs, k) -> {
                    List<Elem> before = addrs.stream()
                            .map(a -> (Elem) new Elem.Addr(new Ipv4Addr(a)))
                            .toList();
                    int gone = k % before.size();
                    List<Elem> after = new ArrayList<>(before);
                    Elem removed = after.remove(gone);
                    int m = Maglev.tableSize(Math.max(before.size(), 16));
                    int[] t0 = Maglev.table(before, m), t1 = Maglev.table(after, m);
                    int others = 0, kept = 0;
                    for (int i = 0; i < m; i++) {
                        Elem was = before.get(t0[i]), now = after.get(t1[i]);
                        if (was.equals(removed)) {
                            assertTrue(!now.equals(removed));
                            continue;
                        }
                        others++;
                        if (was.equals(now)) kept++;
                    }
                    double n = before.size();
                    assertTrue(kept >= (1 - 2 / n) * others, kept + " of " + others + " kept, n=" + n);
                });
    }

    @Test
    void addingAMemberTakesAboutItsShare() {
        List<Elem> before = members(9);
        List<Elem> after = new ArrayList<>(before);
        after.add(new Elem.Addr(new Ipv4Addr(0xc0a80063)));
        int m = Maglev.tableSize(16);
        int[] t0 = Maglev.table(before, m), t1 = Maglev.table(after, m);
        int moved = 0;
        for (int i = 0; i < m; i++) if (!before.get(t0[i]).equals(after.get(t1[i]))) moved++;
        assertTrue(moved < 2 * m / 10, "moved " + moved + " of " + m);
    }

    private static List<Elem> members(int n) {
        Random r = new Random(n);
        List<Elem> out = new ArrayList<>();
        while (out.size() < n) {
            Elem e = new Elem.Addr(new Ipv4Addr(0x0a000000 | r.nextInt(1 << 16)));
            if (!out.contains(e)) out.add(e);
        }
        return out;
    }
}
