package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestRunnerTest {
    static final String EDGE = """
            policy edge {
              attach tc ingress on "lan0"
              const vip       = 10.0.0.100
              const web_ports = {80, 443, 8000..8099}
              set  blocked   : prefix4 capacity 100000 = {203.0.113.0/24}
              pool web       : ipv4 capacity 16 = {10.0.1.11, 10.0.1.12}
              map  tenant_of : prefix4 -> u32 capacity 1024 default 0 = {10.1.0.0/16: 1, 10.2.0.0/16: 2}
              rule drop_blocked when src in blocked                            do drop
              rule syn_guard    when tcp.syn and not tcp.ack                   do limit 1000/s burst 2 per src
              rule tag_tenant   when src in tenant_of                          do set mark = tenant_of[src]
              rule lb_web       when dst == vip and tcp and dport in web_ports do dnat to web, pass
              rule mirror_dns   when udp and dport == 53                       do mirror "mon0"
              rule via_uplink   when src in 10.1.0.0/16                        do route table 100
              default pass
              %s
            }
            """;

    static List<TestRunner.TestResult> run(String tests) {
        CheckedPolicy p = Fixtures.policy(EDGE.formatted(tests));
        return new TestRunner(p).runAll();
    }

    @Test
    void specExamplePasses() {
        var r = run("""
                test "blocked sources are dropped" {
                  tcp 203.0.113.9:1234 -> 10.0.0.100:80        => drop by drop_blocked
                  tcp 198.51.100.7:40000 -> 10.0.0.100:443     => pass by lb_web, dst in web, dport == 443
                  udp 10.1.0.1:9 -> 10.9.9.9:53                => route by via_uplink, mark == 1, verdict == route, rule == via_uplink
                  icmp 10.3.0.1 -> 10.9.9.9                    => pass by default, not dport == 80
                }
                """);
        assertEquals(1, r.size());
        assertTrue(r.get(0).passed(), () -> r.toString());
        assertEquals(4, r.get(0).cases().size());
    }

    @Test
    void givensApplyToAFreshStatePerTest() {
        var r = run("""
                test "given" {
                  given blocked += {198.51.100.0/24}
                  given blocked -= {203.0.113.0/24}
                  given web = {10.0.1.99}
                  given tenant_of[10.5.0.0/16] = 7
                  tcp 198.51.100.7:1 -> 10.9.9.9:80          => drop by drop_blocked
                  tcp 203.0.113.9:1 -> 10.0.0.100:80         => pass by lb_web, dst == 10.0.1.99
                  udp 10.5.1.1:1 -> 10.9.9.9:9               => pass by default, mark == 7
                }
                test "fresh" {
                  tcp 198.51.100.7:1 -> 10.9.9.9:80          => pass by default
                }
                """);
        assertTrue(r.get(0).passed(), () -> r.toString());
        assertTrue(r.get(1).passed(), () -> r.toString());
    }

    @Test
    void burstsAtOneInstant() {
        var r = run("""
                test "syn flood" {
                  tcp 192.0.2.1:1 -> 10.9.9.9:22 flags syn   => pass by default
                  tcp 192.0.2.1:2 -> 10.9.9.9:22 flags syn   => pass by default
                  tcp 192.0.2.1:3 -> 10.9.9.9:22 flags syn   => drop by syn_guard
                  tcp 192.0.2.2:3 -> 10.9.9.9:22 flags syn   => pass by default
                }
                """);
        assertTrue(r.get(0).passed(), () -> r.toString());
    }

    @Test
    void failuresShowExpectedAndActual() {
        var r = run("""
                test "wrong" {
                  tcp 203.0.113.9:1234 -> 10.0.0.100:80        => pass by lb_web
                  tcp 198.51.100.7:40000 -> 10.0.0.100:443     => pass by lb_web, dport == 80
                  udp 10.9.0.1:9 -> 10.9.9.9:53                => redirect "mon0"
                }
                """);
        TestRunner.TestResult t = r.get(0);
        assertFalse(t.passed());
        List<String> f0 = t.cases().get(0).failures();
        assertEquals(1, f0.size());
        assertEquals("""
                tcp 203.0.113.9:1234 -> 10.0.0.100:80
                    expected: pass by lb_web
                    actual:   drop by drop_blocked
                    output:   tcp 203.0.113.9:1234 -> 10.0.0.100:80""", f0.get(0));
        String f1 = t.cases().get(1).failures().get(0);
        assertTrue(f1.contains("check failed: dport == 80 (dport = 443)"), f1);
        assertTrue(f1.contains("actual:   pass by lb_web"), f1);
        String f2 = t.cases().get(2).failures().get(0);
        assertTrue(f2.contains("expected: redirect \"mon0\""), f2);
        assertTrue(f2.contains("actual:   pass by default"), f2);
    }

    @Test
    void givenOverCapacityFailsTheTest() {
        CheckedPolicy p = Fixtures.body("""
                set s : ipv4 capacity 1 = {10.0.0.1}
                rule r when src in s do drop
                test "full" {
                  given s += {10.0.0.2}
                  tcp 10.0.0.1:1 -> 10.0.0.9:2 => drop by r
                }
                """);
        var r = new TestRunner(p).runAll();
        assertFalse(r.get(0).passed());
        assertEquals("given: s is full (capacity 1)", r.get(0).error().orElseThrow());
    }

    @Test
    void testsRunAtTheFirstHook() {
        CheckedPolicy p = Fixtures.body("""
                attach xdp
                rule r when tcp do drop
                test "xdp" {
                  tcp 10.0.0.1:1 -> 10.0.0.9:2 => drop by r
                }
                """);
        var r = new TestRunner(p).runAll();
        assertTrue(r.get(0).passed());
        assertEquals(
                java.util.OptionalLong.empty(),
                r.get(0).cases().get(0).result().orElseThrow().mark());
    }
}
