package dev.routec.compiler.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 100k random and mutated frames through {@link PacketView} and {@link PacketDissector}: nothing throws, the
 * dissected spec builds back to a frame of the same length, and that spec round-trips like any other.
 */
class PacketFuzzTest {
    static final int FRAMES = 100_000;

    @Test
    void randomAndMutatedFrames() {
        SplittableRandom rnd = new SplittableRandom(0x5eed);
        byte[][] seeds = seeds();
        for (int i = 0; i < FRAMES; i++) {
            byte[] f =
                    switch (i % 4) {
                        case 0 -> random(rnd);
                        case 1 -> Arrays.copyOf(seeds[rnd.nextInt(seeds.length)], rnd.nextInt(120));
                        default -> mutate(rnd, seeds[rnd.nextInt(seeds.length)]);
                    };
            check(f);
        }
    }

    static void check(byte[] f) {
        Frame frame = Frame.of(f);
        PacketView v = PacketView.of(frame);
        touch(v);
        PacketSpec d = PacketDissector.dissect(frame);
        String text = PacketPrinter.print(d);
        Frame rebuilt = PacketBuilder.build(d);
        assertEquals(f.length, rebuilt.length(), text);
        assertEquals(PacketNormaliser.normalise(d), PacketDissector.dissect(rebuilt), text);
    }

    /** Reads every present field, as the interpreter would. */
    static void touch(PacketView v) {
        if (v.hasEth()) v.ethType();
        if (v.hasVlan()) v.vlanId();
        if (v.hasIp()) {
            v.src();
            v.dst();
            v.ttlOrHopLimit();
        }
        if (v.ipv4()) v.ipLen();
        if (v.ipv6()) v.ip6FlowLabel();
        if (v.hasProto()) v.proto();
        if (v.hasPorts()) v.sport();
        if (v.hasTcpFlags()) v.tcpFlags();
        if (v.hasIcmp()) v.icmpCode();
        if (v.hasL4()) v.l4Offset();
        v.tcp();
        v.icmp6();
        v.arp();
    }

    /** Frames of 300 generated specs, collected through QuickTheories. */
    private static byte[][] seeds() {
        List<byte[]> out = new ArrayList<>();
        qt().withFixedSeed(99)
                .withExamples(300)
                .forAll(PacketSpecGen.any())
                .checkAssert(s -> out.add(PacketBuilder.build(s).bytes()));
        return out.toArray(byte[][]::new);
    }

    private static byte[] random(SplittableRandom rnd) {
        byte[] f = new byte[rnd.nextInt(200)];
        rnd.nextBytes(f);
        if (f.length >= 14 && rnd.nextBoolean()) {
            int[] types = {0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8};
            Wire.put16(f, 12, types[rnd.nextInt(types.length)]);
        }
        if (f.length >= 15 && rnd.nextBoolean()) f[14] = (byte) (rnd.nextBoolean() ? 0x45 : 0x60);
        return f;
    }

    private static byte[] mutate(SplittableRandom rnd, byte[] seed) {
        byte[] f = seed.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && f.length > 0; e++) {
            int at = rnd.nextInt(f.length);
            switch (rnd.nextInt(4)) {
                case 0 -> f[at] = (byte) rnd.nextInt(256);
                case 1 -> f[at] ^= (byte) (1 << rnd.nextInt(8));
                case 2 -> f[at] = (byte) (rnd.nextBoolean() ? 0 : 0xff);
                default -> f = Arrays.copyOf(f, Math.max(0, f.length + rnd.nextInt(-20, 20)));
            }
        }
        return f;
    }
}
