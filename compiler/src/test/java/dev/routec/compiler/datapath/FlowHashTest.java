package dev.routec.compiler.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FlowHashTest {

    /** Reference MurmurHash3_x86_32 over bytes whose length is a multiple of 4 (little-endian blocks). */
    private static int murmurBytes(byte[] data, int seed) {
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] words = new int[data.length / 4];
        for (int i = 0; i < words.length; i++) words[i] = bb.getInt();
        return FlowHash.murmur(seed, words);
    }

    @Test
    void murmurMatchesPublishedVectors() {
        assertEquals(0, murmurBytes(new byte[0], 0));
        assertEquals(0x514E28B7, murmurBytes(new byte[0], 1));
        assertEquals(0x81F16F39, murmurBytes(new byte[0], 0xffffffff));
        assertEquals(0x2362F9DE, murmurBytes(new byte[4], 0));
        assertEquals(0x5A97808A, murmurBytes("aaaa".getBytes(StandardCharsets.US_ASCII), 0x9747b28c));
        assertEquals(0xF0478627, murmurBytes("abcd".getBytes(StandardCharsets.US_ASCII), 0x9747b28c));
    }

    @Test
    void flowHashIsMurmurOverDocumentedWords() {
        IpAddr c = v4("10.0.0.1"), s = v4("10.0.0.2");
        int expected = FlowHash.murmur(FlowHash.SEED, 0x0a000001, 0x0a000002, (1234 << 16) | 80, 6);
        assertEquals(expected, FlowHash.hash(c, s, 1234, 80, 6));
        IpAddr a6 = Ipv6Addr.parse("2001:db8::1").orElseThrow(),
                b6 = Ipv6Addr.parse("2001:db8::2").orElseThrow();
        int e6 = FlowHash.murmur(FlowHash.SEED, 0x20010db8, 0, 0, 1, 0x20010db8, 0, 0, 2, (40000 << 16) | 443, 17);
        assertEquals(e6, FlowHash.hash(a6, b6, 40000, 443, 17));
    }

    /** Values the eBPF C must reproduce (pinned; changing them breaks deployed flows). */
    @Test
    void pinnedValues() {
        assertEquals(PINNED_V4, FlowHash.hash(v4("10.0.0.1"), v4("10.0.0.2"), 1234, 80, 6));
        assertEquals(
                PINNED_V6,
                FlowHash.hash(
                        Ipv6Addr.parse("2001:db8::1").orElseThrow(),
                        Ipv6Addr.parse("2001:db8::2").orElseThrow(),
                        40000,
                        443,
                        17));
    }

    /** Computed by a C transcription of the FlowHash javadoc (gcc, x86-64). */
    static final int PINNED_V4 = 0xcc8cb80b;

    static final int PINNED_V6 = 0x7afb6f79;

    /** Linux picks even ephemeral ports: low bits of the hash must still be uniform. */
    @Test
    void evenPortsSpreadOverSmallModuli() {
        int[] buckets = new int[16];
        int n = 16_000;
        for (int i = 0; i < n; i++) {
            int port = 32768 + 2 * i;
            buckets[FlowHash.bucket(FlowHash.hash(v4("192.0.2.7"), v4("10.0.0.100"), port, 443, 6), 16)]++;
        }
        for (int b : buckets) assertTrue(Math.abs(b - n / 16) < n / 16 / 5, "bucket " + b);
        int odd = 0;
        for (int i = 0; i < n; i++) odd += FlowHash.hash(v4("192.0.2.7"), v4("10.0.0.100"), 32768 + 2 * i, 443, 6) & 1;
        assertTrue(Math.abs(odd - n / 2) < n / 20, "low bit " + odd);
    }

    @Test
    void everyInputChangesTheHash() {
        qt().forAll(
                        integers().all(),
                        integers().all(),
                        integers().between(0, 65535),
                        integers().between(0, 65535))
                .checkAssert((s, d, sp, dp) -> {
                    int h = FlowHash.hash(new Ipv4Addr(s), new Ipv4Addr(d), sp, dp, 6);
                    assertNotEquals(h, FlowHash.hash(new Ipv4Addr(s ^ 1), new Ipv4Addr(d), sp, dp, 6));
                    assertNotEquals(h, FlowHash.hash(new Ipv4Addr(s), new Ipv4Addr(d ^ 0x100), sp, dp, 6));
                    assertNotEquals(h, FlowHash.hash(new Ipv4Addr(s), new Ipv4Addr(d), sp ^ 2, dp, 6));
                    assertNotEquals(h, FlowHash.hash(new Ipv4Addr(s), new Ipv4Addr(d), sp, dp ^ 0x8000, 6));
                    assertNotEquals(h, FlowHash.hash(new Ipv4Addr(s), new Ipv4Addr(d), sp, dp, 17));
                });
    }

    /** Avalanche: flipping one input bit flips each output bit with probability near 1/2. */
    @Test
    void avalanche() {
        java.util.Random r = new java.util.Random(7);
        int trials = 4000;
        int[] flips = new int[32];
        for (int t = 0; t < trials; t++) {
            int s = r.nextInt(), d = r.nextInt(), sp = r.nextInt(65536), dp = r.nextInt(65536);
            int h = FlowHash.hash(new Ipv4Addr(s), new Ipv4Addr(d), sp, dp, 6);
            int bit = r.nextInt(16);
            int h2 = FlowHash.hash(new Ipv4Addr(s), new Ipv4Addr(d), sp ^ (1 << bit), dp, 6);
            for (int i = 0; i < 32; i++) flips[i] += ((h ^ h2) >>> i) & 1;
        }
        for (int f : flips) assertTrue(Math.abs(f - trials / 2) < trials / 10, "bit flips " + f);
    }

    private static IpAddr v4(String s) {
        return Ipv4Addr.parse(s).orElseThrow();
    }
}
