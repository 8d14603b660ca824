package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.check.CheckedPolicy;
import org.junit.jupiter.api.Test;

/** The LANGUAGE.md §8 JSON object, byte for byte. */
class JsonTest {

    @Test
    void pass() {
        assertEquals(
                "{\"verdict\":\"pass\",\"rule\":\"default\",\"iface\":null,\"mark\":0,\"packet\":\"tcp 10.0.0.1:1 -> 10.0.0.2:80\"}",
                ActionTest.run("rule a when udp do drop", "tcp 10.0.0.1:1 -> 10.0.0.2:80")
                        .toJson());
    }

    @Test
    void redirectWithMarkAndRewrite() {
        assertEquals(
                "{\"verdict\":\"redirect\",\"rule\":\"r\",\"iface\":\"eth1\",\"mark\":4294967295,"
                        + "\"packet\":\"udp [2001:db8::1]:53 -> [2001:db8::2]:9 ttl 1 mark 4294967295\"}",
                ActionTest.run(
                                "rule r do set mark = 0xffffffff, set ttl = 1, redirect \"eth1\"",
                                "udp [2001:db8::1]:53 -> [2001:db8::2]:9")
                        .toJson());
    }

    @Test
    void routeAndDropAndQuotedIif() {
        assertEquals(
                "{\"verdict\":\"route\",\"rule\":\"r\",\"iface\":null,\"mark\":0,\"packet\":\"arp iif \\\"lan.0\\\"\"}",
                ActionTest.run("rule r do route", "arp iif \"lan.0\"").toJson());
        CheckedPolicy x = Fixtures.body("attach xdp\nrule d do drop");
        assertEquals(
                "{\"verdict\":\"drop\",\"rule\":\"d\",\"iface\":null,\"mark\":null,\"packet\":\"icmp 10.0.0.1 -> 10.0.0.2\"}",
                new Interpreter(x, () -> 0L)
                        .run(Fixtures.frame("icmp 10.0.0.1 -> 10.0.0.2"), Hook.XDP)
                        .toJson());
    }

    @Test
    void stringEscaping() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\"", Json.string("a\"b\\c\n\t\u0001\u007f"));
        assertEquals("\"é😀\"", Json.string("é😀"));
        assertEquals("\"\\ud800x\"", Json.string("\ud800x"));
    }
}
