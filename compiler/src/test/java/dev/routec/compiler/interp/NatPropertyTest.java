package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.packet.PacketView;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of address/port rewrites over random packets: checksums stay valid, values land. */
class NatPropertyTest {

    static Gen<IpAddr> v4() {
        return integers().all().map(i -> (IpAddr) new Ipv4Addr(i));
    }

    static Gen<IpAddr> v6() {
        return integers().all().zip(integers().all(), (a, b) ->
                (IpAddr) new Ipv6Addr(((long) a << 32) ^ b, (long) b * 31 + a));
    }

    static Gen<PacketSpec> packets(boolean v6) {
        Gen<IpAddr> addr = v6 ? v6() : v4();
        Gen<Integer> port = integers().between(0, 65535);
        Gen<Integer> kind = integers().between(0, 3);
        Gen<Integer> payload = integers().between(0, 64);
        return addr.zip(addr, port, port, (s, d, sp, dp) -> new Object[] {s, d, sp, dp})
                .zip(kind, payload, (o, k, pl) -> {
                    IpAddr s = (IpAddr) o[0], d = (IpAddr) o[1];
                    int sp = (Integer) o[2], dp = (Integer) o[3];
                    PacketSpec.L3 l3 =
                            switch (k) {
                                case 0 -> new PacketSpec.PortL3(PacketSpec.PortProto.TCP, s, sp, d, dp, Set.of());
                                case 1 -> new PacketSpec.PortL3(PacketSpec.PortProto.UDP, s, sp, d, dp, Set.of());
                                case 2 -> new PacketSpec.PortL3(PacketSpec.PortProto.SCTP, s, sp, d, dp, Set.of());
                                default -> new PacketSpec.IcmpL3(v6, s, d, v6 ? 128 : 8, 0);
                            };
                    PacketSpec base = PacketSpec.of(l3);
                    return new PacketSpec(
                            base.ethSrc(),
                            base.ethDst(),
                            l3,
                            base.iif(),
                            base.vlan(),
                            base.ttl(),
                            base.dscp(),
                            base.len(),
                            base.mark(),
                            base.frag(),
                            pl);
                });
    }

    @Test
    void rewritesKeepEveryChecksumValidV4() {
        check(false);
    }

    @Test
    void rewritesKeepEveryChecksumValidV6() {
        check(true);
    }

    private static void check(boolean v6) {
        Gen<IpAddr> addr = v6 ? v6() : v4();
        qt().withExamples(300)
                .forAll(
                        packets(v6),
                        addr,
                        integers().between(0, 65535),
                        integers().between(0, 3))
                .checkAssert((spec, to, port, which) -> {
                    Frame f = PacketBuilder.build(spec);
                    PacketView v = PacketView.of(f);
                    boolean src = (which & 1) == 0;
                    byte[] b = Rewriter.address(f.bytes(), v, src, to);
                    v = PacketView.parse(b, "test0", 0);
                    b = Rewriter.port(b, v, src, port);
                    v = PacketView.parse(b, "test0", 0);
                    if ((which & 2) != 0) b = Rewriter.ttl(Rewriter.dscp(b, v, port), v, port);
                    Naive.assertChecksumsValid(b);
                    PacketView out = PacketView.parse(b, "test0", 0);
                    assertEquals(to, src ? out.src() : out.dst());
                    if (out.hasPorts()) assertEquals((int) port, src ? out.sport() : out.dport());
                });
    }

    /** Any flow through a dnat pool and back comes back to the VIP with valid checksums. */
    @Test
    void reverseNatRoundTrip() {
        CheckedPolicy p = Fixtures.body("pool web : ipv4:port = {10.0.1.11:8080, 10.0.1.12:8081, 10.0.1.13:8082}\n"
                + "rule lb when ipv4 and dst == 10.0.0.100 and (tcp or udp) do dnat to web, pass");
        Interpreter in = new Interpreter(p, () -> 0L);
        qt().withExamples(200)
                .forAll(
                        v4(),
                        integers().between(1, 65535),
                        integers().between(0, 1),
                        integers().between(0, 100))
                .checkAssert((client, cport, udp, payload) -> {
                    String proto = udp == 1 ? "udp" : "tcp";
                    Result fwd = in.run(
                            Fixtures.frame(
                                    proto + " " + client + ":" + cport + " -> 10.0.0.100:443 payload " + payload),
                            Hook.TC_INGRESS);
                    Naive.assertChecksumsValid(fwd.output().bytes());
                    PacketView b = PacketView.of(fwd.output());
                    Result back = in.run(
                            Fixtures.frame(proto + " " + b.dst() + ":" + b.dport() + " -> " + client + ":" + cport),
                            Hook.TC_EGRESS);
                    Naive.assertChecksumsValid(back.output().bytes());
                    assertEquals(proto + " 10.0.0.100:443 -> " + client + ":" + cport, back.packet());
                });
    }
}
