package dev.routec.testkit;

import static dev.routec.testkit.RouteAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.packet.Checksums;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The testkit's example: examples/lb.route property-tested in Java, next to its own {@code test} and
 * {@code property} blocks. Every packet runs through the kernel and the interpreter where BPF works
 * (and on the interpreter alone elsewhere, unless kernel tests are required).
 */
class LoadBalancerPolicyTest {
    static PolicyUnderTest lb;

    @BeforeAll
    static void compile() {
        lb = PolicyUnderTest.compile(example("lb.route"));
        if (!lb.usesKernel()) lb.interpreterOnly(); // no BPF here: the interpreter alone
    }

    /** examples/ of the repository, from the build's root or from this module's directory. */
    static Path example(String name) {
        Path root = Path.of(System.getProperty("routec.root", ".."));
        Path p = root.resolve("examples").resolve(name);
        return java.nio.file.Files.exists(p)
                ? p
                : root.resolve("..").resolve("examples").resolve(name);
    }

    @AfterAll
    static void close() {
        lb.close();
    }

    @BeforeEach
    void fresh() {
        lb.reset();
    }

    @Test
    void blockedSourcesAreDropped() {
        assertThat(lb.run("tcp 203.0.113.9:1234 -> 10.0.0.100:80")).isDropped().byRule("drop_blocked");
        lb.given("blocked += {198.51.100.0/24}");
        assertThat(lb.run("udp 198.51.100.7:53 -> 192.0.2.1:53")).isDropped().byRule("drop_blocked");
    }

    @Test
    void theVipIsBalancedOverThePool() {
        assertThat(lb.run("tcp 198.51.100.7:40000 -> 10.0.0.100:443 flags syn,ack"))
                .isPassed()
                .byRule("lb_web")
                .satisfies("dst in web and dport == 443")
                .counted("lb_web");
    }

    @Test
    void anEmptyPoolDropsVipTraffic() {
        lb.given("web = {}");
        assertThat(lb.run("tcp 198.51.100.7:40000 -> 10.0.0.100:80"))
                .isDropped()
                .byRule("lb_web");
    }

    /** The .route file's own property, with the same bias and shrinking as `routec test`. */
    @Test
    void theVipNeverLeavesUntranslated() {
        lb.forAll(PacketClass.TCP, "dst == vip and dport in web_ports", o -> assertThat(o)
                .satisfies("verdict == drop or dst in web"));
    }

    /** A property only Java can say: NAT keeps every checksum valid, whatever the packet. */
    @Test
    void translatedPacketsKeepValidChecksums() {
        lb.forAll(PacketClass.TCP, "dst == vip and not ip.frag", o -> {
            byte[] out = o.output().bytes();
            int l3 = o.view().l3Offset();
            assertTrue(Checksums.ipv4HeaderValid(out, l3), "IPv4 header checksum of " + o.packet());
            assertTrue(Checksums.l4ChecksumValid(out, l3), "TCP checksum of " + o.packet());
        });
    }

    @Test
    void tenantsAreMarkedFromTheMap() {
        lb.forAll(PacketClass.UDP, "src in tenant_of", o -> assertThat(o).satisfies("mark == tenant_of[src]"));
    }

    /** A burst of SYNs from one source at one instant: the bucket holds 2000, and refills at 1000/s. */
    @Test
    void synFloodsAreLimitedPerSource() {
        for (int i = 0; i < 2000; i++)
            assertThat(lb.run("tcp 192.0.2.9:" + (1024 + i) + " -> 192.0.2.1:22 flags syn"))
                    .isPassed();
        assertThat(lb.run("tcp 192.0.2.9:5000 -> 192.0.2.1:22 flags syn"))
                .isDropped()
                .byRule("syn_guard");
        assertThat(lb.run("tcp 192.0.2.10:5000 -> 192.0.2.1:22 flags syn")).isPassed();
        lb.advance(java.time.Duration.ofMillis(2)); // 1000/s: two more tokens
        assertThat(lb.run("tcp 192.0.2.9:5001 -> 192.0.2.1:22 flags syn")).isPassed();
        assertThat(lb.run("tcp 192.0.2.9:5002 -> 192.0.2.1:22 flags syn")).isPassed();
        assertThat(lb.run("tcp 192.0.2.9:5003 -> 192.0.2.1:22 flags syn"))
                .isDropped()
                .byRule("syn_guard");
    }

    /** Plain QuickTheories over the biased generator, some packets malformed: the engines always agree. */
    @Test
    void anyPacketAtAllAgrees() {
        qt().withFixedSeed(0x1b)
                .withExamples(500)
                .forAll(Packets.sometimesMalformed(lb.packets(PacketClass.ANY), 0.3))
                .checkAssert(f -> lb.run(f));
    }

    /** A wrong expectation fails with the shrunk packet in notation. */
    @Test
    void aFailingPropertyIsShrunk() {
        AssertionError e = assertThrows(AssertionError.class, () -> lb.withTries(200)
                .forAll(PacketClass.TCP, o -> assertThat(o).hasVerdict(Verdict.PASS)));
        lb.withTries(PolicyUnderTest.DEFAULT_TRIES);
        assertTrue(e.getMessage().contains("(seed 0x5eed7e57c0de), shrunk to:\n  tcp "), e.getMessage());
        assertTrue(e.getMessage().contains("expected pass, but was "), e.getMessage());
    }
}
