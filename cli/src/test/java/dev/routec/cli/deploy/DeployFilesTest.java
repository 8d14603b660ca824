package dev.routec.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.UserError;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deployment's files and value parsing, without a kernel. */
class DeployFilesTest {
    @Test
    void jsonReaderReadsWhatTheWritersWrite() {
        Object v = JsonReader.parse("{\"a\": [1, -2, 3.5, \"x\\n\\u00e9\"], \"b\": {\"c\": null, \"d\": true}}");
        JsonReader.Obj o = JsonReader.Obj.of(v);
        assertEquals(List.of(1L, -2L, 3.5, "x\né"), o.map().get("a"));
        assertTrue(o.obj("b").bool("d", false));
        assertTrue(!o.obj("b").has("c"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\": 1,}"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1] 2"));
    }

    @Test
    void stateRoundTrips() {
        DeployState s = new DeployState(
                "vip",
                "vip.route",
                Optional.of("router"),
                3,
                "2026-11-25T15:00:00Z",
                List.of(
                        new DeployState.HookState(
                                "tc-ingress", "veth-c", 7, "rt_tc_ingress", 41, 1, 50000, Optional.empty()),
                        new DeployState.HookState("xdp", "eth0", 2, "rt_xdp", 42, 0, 0, Optional.of("skb"))),
                List.of("veth-c"));
        assertEquals(s, DeployState.parse(s.toJson()));
    }

    @Test
    void manifestOfTheFixtureParses() {
        Manifest m = Manifest.parse(Fixture.manifest(Fixture.Variant.V2));
        assertEquals("fx", m.policy());
        assertEquals("rt_set_1", m.mapFor("set", "blocked").orElseThrow().name());
        assertEquals("odd_port", m.ruleName(0));
        assertEquals(Optional.of("blocked"), m.tagName(1));
        assertEquals(Optional.empty(), m.tagName(0));
        assertEquals(
                new Manifest.Shape(0, "none"),
                m.mapOfKind("events").orElseThrow().key());
    }

    static CheckedPolicy policy() {
        Frontend.Result r = Frontend.check(new SourceFile(
                "t.route",
                "policy t {\n set nets : prefix4 = {}\n set ports : port = {}\n map tenant : prefix6 -> ipv6 = {}\n"
                        + " map mark_of : mac -> u32 = {}\n pool web : ipv4:port = {}\n"
                        + " rule a when src in nets and dport in ports and src in tenant and eth.src in mark_of"
                        + " and dst in web do drop\n}\n"));
        assertTrue(r.ok(), r.diags().sorted().toString());
        return r.policies().get(0);
    }

    @Test
    void valuesAreCheckedByTheCompiler() {
        CheckedPolicy p = policy();
        Defs.SetDef nets = p.sets().get(0), ports = p.sets().get(1);
        assertEquals(
                "[10.0.0.0/8, 192.0.2.1/32]",
                ValueParser.setElements(nets, List.of("10.0.0.0/8", "192.0.2.1/32"))
                        .toString());
        UserError hostBits =
                assertThrows(UserError.class, () -> ValueParser.setElements(nets, List.of("10.0.0.0/8", "10.0.0.1/8")));
        assertEquals(
                "`10.0.0.1/8` is not a valid set `nets` (prefix4): prefix `10.0.0.1/8` has host bits set; help: write"
                        + " `10.0.0.0/8`",
                hostBits.getMessage());
        assertEquals(
                5, ValueParser.setElements(ports, List.of("80", "1000..1003")).size());
        assertThrows(UserError.class, () -> ValueParser.setElements(ports, List.of("70000")));
        assertThrows(UserError.class, () -> ValueParser.setElements(ports, List.of("80}, rule x do drop")));
    }

    @Test
    void mapEntriesSplitAtTheOneColonThatChecks() {
        CheckedPolicy p = policy();
        Defs.MapDef tenant = p.maps().get(0), markOf = p.maps().get(1);
        assertEquals(
                List.of(new Defs.MapEntry(
                        new Elem.Pfx(new dev.routec.compiler.net.Prefix(
                                dev.routec.compiler.net.Ipv6Addr.parse("2001:db8::")
                                        .orElseThrow(),
                                32)),
                        new Elem.Addr(dev.routec.compiler.net.Ipv6Addr.parse("2001:db8::1")
                                .orElseThrow()))),
                ValueParser.mapEntries(tenant, List.of("2001:db8::/32=2001:db8::1")));
        assertEquals(
                "7",
                ValueParser.mapEntries(markOf, List.of("02:00:00:00:00:01:7"))
                        .get(0)
                        .value()
                        .toString());
        assertEquals(
                "7",
                ValueParser.mapEntries(markOf, List.of("02:00:00:00:00:01=7"))
                        .get(0)
                        .value()
                        .toString());
        UserError e = assertThrows(UserError.class, () -> ValueParser.mapEntries(markOf, List.of("02:00:00:00:00:01")));
        assertTrue(e.getMessage().contains("is not a valid"), e.getMessage());
        Map<String, String> members = Map.of("10.0.0.1:80", "10.0.0.1:80");
        assertEquals(
                members.keySet().toString(),
                ValueParser.poolMembers(p.pools().get(0), List.of("10.0.0.1:80"))
                        .toString());
    }
}
