package dev.routec.compiler.datapath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.routec.compiler.ast.Action.Per;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    static final long S = 1_000_000_000L;

    @Test
    void burstPassesAtOneInstantThenDrops() {
        TokenBucket.Params p = TokenBucket.Params.of(1000, 1, 2000);
        TokenBucket.State b = new TokenBucket.State(p, 5);
        for (int i = 0; i < 2000; i++) assertTrue(b.take(p, 5), "packet " + i);
        assertFalse(b.take(p, 5));
    }

    @Test
    void refillIsExactPerSecond() {
        TokenBucket.Params p = TokenBucket.Params.of(3, 1, 3); // one token every 333,333,333.3 ns
        TokenBucket.State b = new TokenBucket.State(p, 0);
        for (int i = 0; i < 3; i++) assertTrue(b.take(p, 0));
        assertFalse(b.take(p, 0));
        assertFalse(b.take(p, 333_333_333));
        assertTrue(b.take(p, 333_333_334)); // 3 * 333,333,334 >= 1e9
        assertFalse(b.take(p, 666_666_666));
        assertTrue(b.take(p, 666_666_667)); // 2e9/3 rounded up: no drift
        assertFalse(b.take(p, S - 1));
        assertTrue(b.take(p, S)); // exactly 3 in the second
        assertFalse(b.take(p, S));
    }

    @Test
    void excessAboveTheBurstIsLost() {
        TokenBucket.Params p = TokenBucket.Params.of(3, 1, 1);
        TokenBucket.State b = new TokenBucket.State(p, 0);
        assertTrue(b.take(p, 0));
        assertFalse(b.take(p, 333_333_333));
        assertTrue(b.take(p, 333_333_334));
        assertEquals(0, b.tokens());
        assertFalse(b.take(p, 666_666_667));
        assertTrue(b.take(p, 666_666_668));
    }

    @Test
    void refillIsExactPerMinute() {
        TokenBucket.Params p = TokenBucket.Params.of(1, 60, 1);
        TokenBucket.State b = new TokenBucket.State(p, 0);
        assertTrue(b.take(p, 0));
        assertFalse(b.take(p, 60 * S - 1));
        assertTrue(b.take(p, 60 * S));
    }

    @Test
    void longIdleRefillsToTheBurstOnly() {
        TokenBucket.Params p = TokenBucket.Params.of(10, 1, 5);
        TokenBucket.State b = new TokenBucket.State(p, 0);
        for (int i = 0; i < 5; i++) b.take(p, 0);
        long later = 3600 * S;
        int passed = 0;
        for (int i = 0; i < 20; i++) if (b.take(p, later)) passed++;
        assertEquals(5, passed);
    }

    @Test
    void clockGoingBackwardsAddsNothing() {
        TokenBucket.Params p = TokenBucket.Params.of(1, 1, 1);
        TokenBucket.State b = new TokenBucket.State(p, 10 * S);
        assertTrue(b.take(p, 10 * S));
        assertFalse(b.take(p, 5 * S));
        assertFalse(b.take(p, 10 * S + S / 2));
    }

    @Test
    void hugeBurstSaturatesInsteadOfOverflowing() {
        TokenBucket.Params p = TokenBucket.Params.of(0xffffffffL, 60, 0xffffffffL);
        assertEquals(-1L, p.cap());
        TokenBucket.State b = new TokenBucket.State(p, 0);
        assertTrue(b.take(p, 0));
        assertTrue(b.take(p, Long.MAX_VALUE));
    }

    /** Over any window starting full, passes ≤ burst + rate·window (and the bucket never over-admits). */
    @Test
    void neverAdmitsMoreThanBurstPlusRate() {
        qt().forAll(integers().between(1, 1000), integers().between(1, 50), longs().between(1, 5_000_000))
                .checkAssert((rate, burst, stepNs) -> {
                    TokenBucket.Params p = TokenBucket.Params.of(rate, 1, burst);
                    TokenBucket.State b = new TokenBucket.State(p, 0);
                    long passed = 0, t = 0;
                    for (int i = 0; i < 2000; i++, t += stepNs) if (b.take(p, t)) passed++;
                    long window = t - stepNs;
                    long bound = burst + (long) Math.floor((double) rate * window / S);
                    assertTrue(passed <= bound, passed + " > " + bound);
                });
    }

    @Test
    void keyLayout() {
        IpAddr s = Ipv4Addr.parse("10.0.0.1").orElseThrow(),
                d = Ipv4Addr.parse("10.0.0.2").orElseThrow();
        byte[] k = TokenBucket.Key.of(0x01020304, Optional.of(Per.FLOW), Optional.of(s), Optional.of(d), 6, 1234, 80)
                .encode();
        assertEquals(TokenBucket.Key.SIZE, k.length);
        byte[] want = new byte[44];
        want[0] = 4;
        want[1] = 3;
        want[2] = 2;
        want[3] = 1;
        want[4] = 4;
        want[5] = 6;
        want[6] = 0x04;
        want[7] = (byte) 0xd2;
        want[8] = 0;
        want[9] = 80;
        want[12] = 10;
        want[15] = 1;
        want[28] = 10;
        want[31] = 2;
        assertArrayEquals(want, k);
    }

    @Test
    void keysByPer() {
        IpAddr s = Ipv6Addr.parse("2001:db8::1").orElseThrow(),
                d = Ipv6Addr.parse("2001:db8::2").orElseThrow();
        IpAddr s2 = Ipv6Addr.parse("2001:db8::3").orElseThrow();
        var global = TokenBucket.Key.of(7, Optional.empty(), Optional.of(s), Optional.of(d), 6, 1, 2);
        assertEquals(global, TokenBucket.Key.of(7, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 0));
        var bySrc = TokenBucket.Key.of(7, Optional.of(Per.SRC), Optional.of(s), Optional.of(d), 6, 1, 2);
        assertEquals(bySrc, TokenBucket.Key.of(7, Optional.of(Per.SRC), Optional.of(s), Optional.of(s2), 17, 3, 4));
        assertNotEquals(bySrc, TokenBucket.Key.of(7, Optional.of(Per.SRC), Optional.of(s2), Optional.of(d), 6, 1, 2));
        assertNotEquals(bySrc, TokenBucket.Key.of(8, Optional.of(Per.SRC), Optional.of(s), Optional.of(d), 6, 1, 2));
        var byDst = TokenBucket.Key.of(7, Optional.of(Per.DST), Optional.of(s), Optional.of(d), 6, 1, 2);
        assertEquals(byDst, TokenBucket.Key.of(7, Optional.of(Per.DST), Optional.of(s2), Optional.of(d), 6, 9, 9));
        assertEquals(6, byDst.encode()[4]);
        var flow = TokenBucket.Key.of(7, Optional.of(Per.FLOW), Optional.of(s), Optional.of(d), 6, 1, 2);
        assertNotEquals(flow, TokenBucket.Key.of(7, Optional.of(Per.FLOW), Optional.of(s), Optional.of(d), 6, 1, 3));
    }
}
