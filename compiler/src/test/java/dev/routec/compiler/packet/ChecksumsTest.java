package dev.routec.compiler.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.PortL3;
import dev.routec.compiler.packet.PacketSpec.PortProto;
import dev.routec.compiler.packet.PacketSpecGen.Form;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class ChecksumsTest {
    static final IpAddr A4 = Ipv4Addr.parse("192.0.2.1").orElseThrow();
    static final IpAddr B4 = Ipv4Addr.parse("198.51.100.7").orElseThrow();
    static final IpAddr A6 = Ipv6Addr.parse("2001:db8::1").orElseThrow();
    static final IpAddr B6 = Ipv6Addr.parse("2001:db8:ffff::2").orElseThrow();

    @Test
    void rfc1071Example() {
        byte[] d = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0x2ddf0L, Checksums.sum(d, 0, d.length, 0));
        assertEquals(0xddf2, Checksums.fold(Checksums.sum(d, 0, d.length, 0)));
        assertEquals(0x220d, Checksums.internet(d, 0, d.length));
        assertEquals(0x220d, NaiveChecksums.internet(d));
    }

    @Test
    void oddLengthPadsWithZero() {
        byte[] d = {0x12, 0x34, 0x56};
        assertEquals(~(0x1234 + 0x5600) & 0xffff, Checksums.internet(d, 0, 3));
        assertEquals(NaiveChecksums.internet(d), Checksums.internet(d, 0, 3));
    }

    @Test
    void crc32cKnownValue() {
        byte[] d = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe3069283, Checksums.crc32c(d, 0, d.length));
        assertEquals(0xe3069283, NaiveChecksums.crc32c(d));
        assertEquals(0, Checksums.crc32c(d, 0, 0));
    }

    @Test
    void checksumsAgreeWithNaiveImplementations() {
        qt().withFixedSeed(1071).withExamples(2000).forAll(bytes(0, 200)).checkAssert(d -> {
            assertEquals(NaiveChecksums.internet(d), Checksums.internet(d, 0, d.length));
            assertEquals(NaiveChecksums.crc32c(d), Checksums.crc32c(d, 0, d.length));
        });
    }

    @Test
    void incrementalUpdateMatchesRecomputation() {
        qt().withFixedSeed(1624)
                .withExamples(3000)
                .forAll(
                        bytes(4, 64).map(d -> d.length % 2 == 0 ? d : java.util.Arrays.copyOf(d, d.length + 1)),
                        SourceDSL.integers().all(),
                        SourceDSL.integers().between(0, 1000))
                .assuming((d, v, at) -> !allZero(d))
                .checkAssert((d, value, at) -> {
                    int check = Checksums.internet(d, 0, d.length);
                    int pos = 2 * (at % (d.length / 2));
                    int from = Wire.u16(d, pos);
                    byte[] changed = d.clone();
                    Wire.put16(changed, pos, value);
                    if (allZero(changed)) return;
                    assertEquals(
                            Checksums.internet(changed, 0, d.length), Checksums.replace16(check, from, value & 0xffff));
                    if (d.length >= 4 && pos + 4 <= d.length) {
                        int from32 = Wire.i32(d, pos);
                        byte[] c32 = d.clone();
                        Wire.put32(c32, pos, value);
                        if (allZero(c32)) return;
                        assertEquals(Checksums.internet(c32, 0, d.length), Checksums.replace32(check, from32, value));
                        byte[] old = java.util.Arrays.copyOfRange(d, pos, pos + 4);
                        byte[] neu = java.util.Arrays.copyOfRange(c32, pos, pos + 4);
                        assertEquals(Checksums.internet(c32, 0, d.length), Checksums.replace(check, old, neu));
                    }
                });
    }

    @Test
    void incrementalUpdateOfPseudoHeaderAddress() {
        byte[] seg = new byte[28];
        seg[0] = 0x12;
        int before = Checksums.l4(A6, B6, 17, seg, 0, seg.length);
        int after = Checksums.l4(A6, A6, 17, seg, 0, seg.length);
        assertEquals(after, Checksums.replace(before, B6.bytes(), A6.bytes()));
        int v4before = Checksums.l4(A4, B4, 6, seg, 0, seg.length);
        int v4after = Checksums.l4(A4, A4, 6, seg, 0, seg.length);
        assertEquals(v4after, Checksums.replace32(v4before, ((Ipv4Addr) B4).value(), ((Ipv4Addr) A4).value()));
    }

    @Test
    void udpReplaceKeepsZeroAndMarksMangledZero() {
        assertEquals(0, Checksums.replaceUdp(0, new byte[] {1, 2}, new byte[] {3, 4}));
        // a change that makes the recomputed checksum 0 is stored as 0xffff
        assertEquals(0xffff, Checksums.replaceUdp(0x0001, new byte[] {0, 0}, new byte[] {0, 1}));
    }

    @Test
    void pseudoHeaderSumMatchesExplicitBytes() {
        byte[] v4 = HexFormat.of().parseHex("c0000201c6336407" + "0006" + "001c");
        assertEquals(
                Checksums.fold(Checksums.sum(v4, 0, v4.length, 0)),
                Checksums.fold(Checksums.pseudoHeaderSum(A4, B4, 6, 28)));
        byte[] v6 = new byte[40];
        System.arraycopy(A6.bytes(), 0, v6, 0, 16);
        System.arraycopy(B6.bytes(), 0, v6, 16, 16);
        Wire.put32(v6, 32, 70000);
        v6[39] = 58;
        assertEquals(
                Checksums.fold(Checksums.sum(v6, 0, 40, 0)),
                Checksums.fold(Checksums.pseudoHeaderSum(A6, B6, 58, 70000)));
    }

    @Test
    void builtPacketsVerifyBothWays() {
        qt().withFixedSeed(793)
                .withExamples(3000)
                .forAll(PacketSpecGen.specs(Form.TCP, Form.UDP, Form.SCTP, Form.ICMP, Form.ICMP6))
                .checkAssert(s -> {
                    PacketSpec p = unfragmented(s);
                    byte[] f = PacketBuilder.build(p).bytes();
                    int l3 = p.vlan().isPresent() ? 18 : 14;
                    boolean v6 = Wire.isV6(p.l3());
                    assertTrue(Checksums.l4ChecksumValid(f, l3), PacketPrinter.print(p));
                    int l4 = l3 + (v6 ? 40 : 20);
                    assertTrue(
                            NaiveChecksums.l4Ok(f, l3, v6, Wire.ipProto(p.l3()), l4, f.length), PacketPrinter.print(p));
                    if (!v6) {
                        assertTrue(Checksums.ipv4HeaderValid(f, l3));
                        assertTrue(NaiveChecksums.ipv4HeaderOk(f, l3));
                    }
                });
    }

    @Test
    void firstFragmentsHaveValidIpv4HeadersButNoVerifiableL4() {
        PacketSpec s = with(PacketSpec.of(tcp(A4, B4)), Frag.FIRST);
        byte[] f = PacketBuilder.build(s).bytes();
        assertTrue(Checksums.ipv4HeaderValid(f, 14));
        assertFalse(Checksums.l4ChecksumValid(f, 14));
        assertFalse(Checksums.l4ChecksumValid(
                PacketBuilder.build(with(PacketSpec.of(tcp(A6, B6)), Frag.FIRST))
                        .bytes(),
                14));
    }

    @Test
    void corruptionIsDetected() {
        for (PacketSpec s : new PacketSpec[] {
            PacketSpec.of(tcp(A4, B4)),
            PacketSpec.of(tcp(A6, B6)),
            PacketSpec.of(new IcmpL3(false, A4, B4, 8, 0)),
            PacketSpec.of(new IcmpL3(true, A6, B6, 128, 0)),
            PacketSpec.of(new PortL3(PortProto.SCTP, A6, 1, B6, 2, Set.of()))
        }) {
            byte[] f = PacketBuilder.build(payload(s, 9)).bytes();
            assertTrue(Checksums.l4ChecksumValid(f, 14), PacketPrinter.print(s));
            f[f.length - 1] ^= 0x40;
            assertFalse(Checksums.l4ChecksumValid(f, 14), PacketPrinter.print(s));
        }
        byte[] f = PacketBuilder.build(PacketSpec.of(tcp(A4, B4))).bytes();
        f[14 + 8] ^= 1;
        assertFalse(Checksums.ipv4HeaderValid(f, 14));
    }

    @Test
    void udpZeroChecksumIsValidOverIpv4Only() {
        byte[] f4 = PacketBuilder.build(PacketSpec.of(new PortL3(PortProto.UDP, A4, 1, B4, 2, Set.of())))
                .bytes();
        f4[14 + 20 + 6] = 0;
        f4[14 + 20 + 7] = 0;
        assertTrue(Checksums.l4ChecksumValid(f4, 14));
        byte[] f6 = PacketBuilder.build(PacketSpec.of(new PortL3(PortProto.UDP, A6, 1, B6, 2, Set.of())))
                .bytes();
        f6[14 + 40 + 6] = 0;
        f6[14 + 40 + 7] = 0;
        assertFalse(Checksums.l4ChecksumValid(f6, 14));
    }

    @Test
    void unverifiableInputsAreFalseNotErrors() {
        assertFalse(Checksums.l4ChecksumValid(
                PacketBuilder.build(PacketSpec.of(new IpL3(47, A4, B4))).bytes(), 14));
        byte[] f = PacketBuilder.build(PacketSpec.of(tcp(A4, B4))).bytes();
        for (int n = 0; n < f.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(f, n);
            assertFalse(Checksums.l4ChecksumValid(cut, 14));
            assertEquals(n >= 34, Checksums.ipv4HeaderValid(cut, 14));
        }
        assertFalse(Checksums.ipv4HeaderValid(f, -1));
        assertFalse(Checksums.l4ChecksumValid(f, 1000));
        f[14] = 0x44; // IHL 4
        assertFalse(Checksums.ipv4HeaderValid(f, 14));
    }

    static PortL3 tcp(IpAddr a, IpAddr b) {
        return new PortL3(PortProto.TCP, a, 1234, b, 80, Set.of(PacketSpec.TcpFlag.SYN));
    }

    static PacketSpec unfragmented(PacketSpec s) {
        return new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                OptionalInt.empty(),
                s.mark(),
                Frag.NONE,
                s.payload());
    }

    static PacketSpec with(PacketSpec s, Frag frag) {
        return new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                frag,
                s.payload());
    }

    static PacketSpec payload(PacketSpec s, int payload) {
        return new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                s.frag(),
                payload);
    }

    static Gen<byte[]> bytes(int min, int max) {
        return SourceDSL.lists()
                .of(SourceDSL.integers().between(0, 255))
                .ofSizeBetween(min, max)
                .map(l -> {
                    byte[] b = new byte[l.size()];
                    for (int i = 0; i < b.length; i++) b[i] = (byte) (int) l.get(i);
                    return b;
                });
    }

    static boolean allZero(byte[] d) {
        for (byte b : d) if (b != 0) return false;
        return true;
    }
}
