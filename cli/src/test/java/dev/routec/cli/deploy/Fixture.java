package dev.routec.cli.deploy;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the back end: the hand-written fixture object ({@code fixture.bpf.c}, built with
 * clang per variant) plus a manifest for it, for the policy {@code fx} in a few versions.
 */
final class Fixture {
    /** The versions of {@code fx}. */
    enum Variant {
        /** fx.route as it is. */
        V1("", "set  blocked : ipv4 = {192.0.2.99}", "", 1024, "ipv4", 4),
        /** A new set declared before `blocked` and a new first rule: names and rule ids shift. */
        V2(
                "-DV2",
                "set  ports : port = {9999}\n  set  blocked : ipv4 = {192.0.2.99}",
                "rule odd_port when udp and dport in ports do drop\n  ",
                1024,
                "ipv4",
                4),
        /** `blocked` with a larger capacity. */
        V3("-DSET_CAPACITY=2048", "set  blocked : ipv4 capacity 2048 = {192.0.2.99}", "", 2048, "ipv4", 4),
        /** `blocked` as prefixes: an incompatible key layout. */
        V4("-DSET_KEY=__u64", "set  blocked : prefix4 = {192.0.2.99/32}", "", 1024, "prefix4", 8);

        final String cflags;
        final String setDecls;
        final String firstRule;
        final int capacity;
        final String layout;
        final int keySize;

        Variant(String cflags, String setDecls, String firstRule, int capacity, String layout, int keySize) {
            this.cflags = cflags;
            this.setDecls = setDecls;
            this.firstRule = firstRule;
            this.capacity = capacity;
            this.layout = layout;
            this.keySize = keySize;
        }

        String source() {
            return "policy fx {\n  attach tc ingress on \"fx0\"\n  " + setDecls + "\n"
                    + "  pool web : ipv4:port capacity 4 = {10.9.0.1:80, 10.9.0.2:80}\n  " + firstRule
                    + "rule drop_blocked when src in blocked do log \"blocked\", drop\n"
                    + "  rule icmp_seen when icmp do continue\n"
                    + "  rule to_web when dst == 198.51.100.1 and tcp do dnat to web, pass\n"
                    + "  default pass\n}\n";
        }
    }

    private Fixture() {}

    static PolicyCompiler compiler(Variant v, Path work) {
        return (source, policy) ->
                new CompiledPolicy(source, policy, object(v, work), manifest(v), Manifest.parse(manifest(v)));
    }

    /** The checked policy of a variant, and the compiled fixture for it. */
    static CompiledPolicy compile(Variant v, Path work) {
        SourceFile src = new SourceFile("fx.route", v.source());
        Frontend.Result r = Frontend.check(src);
        if (!r.ok())
            throw new AssertionError(
                    "fixture source does not check: " + r.diags().sorted());
        CheckedPolicy p = r.policies().get(0);
        return compiler(v, work).compile(src, p);
    }

    static byte[] object(Variant v, Path work) {
        try {
            Path c = work.resolve("fixture.bpf.c");
            if (!Files.exists(c)) {
                try (InputStream in = Fixture.class.getResourceAsStream("/deploy/fixture.bpf.c")) {
                    Files.write(c, in.readAllBytes());
                }
            }
            Path o = work.resolve("fixture-" + v + ".bpf.o");
            if (!Files.exists(o)) {
                List<String> cmd = new ArrayList<>(List.of(
                        "clang",
                        "-O2",
                        "-g",
                        "-target",
                        "bpf",
                        "-mcpu=v3",
                        "-Wall",
                        "-I/usr/include/x86_64-linux-gnu"));
                if (!v.cflags.isEmpty()) cmd.add(v.cflags);
                cmd.addAll(List.of("-c", c.toString(), "-o", o.toString()));
                Cmd.check(cmd.toArray(String[]::new));
            }
            return Files.readAllBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String manifest(Variant v) {
        boolean v2 = v == Variant.V2;
        int n = v2 ? 4 : 3;
        List<String> rules = new ArrayList<>();
        if (v2) rules.add("odd_port");
        rules.addAll(List.of("drop_blocked", "icmp_seen", "to_web", "default"));
        StringBuilder sb =
                new StringBuilder("{\n  \"format\": 1,\n  \"policy\": \"fx\",\n  \"source\": \"fx.route\",\n");
        sb.append(
                "  \"object\": \"fx.bpf.o\",\n  \"hooks\": [\n    {\"hook\": \"tc-ingress\", \"program\": \"rt_tc_ingress\", \"section\": \"tc\", \"iface\": \"fx0\"}\n  ],\n");
        sb.append("  \"rules\": [\n");
        for (int i = 0; i < rules.size(); i++)
            sb.append("    {\"id\": ")
                    .append(i)
                    .append(", \"name\": \"")
                    .append(rules.get(i))
                    .append("\", \"line\": ")
                    .append(i + 5)
                    .append(i + 1 < rules.size() ? "},\n" : "}\n");
        sb.append("  ],\n  \"maps\": [\n");
        List<String> maps = new ArrayList<>();
        if (v2) maps.add(map("rt_set_0", "set", "ports", "hash", 2, "port", 1, "u8", 1024));
        maps.add(map(
                v2 ? "rt_set_1" : "rt_set_0",
                "set",
                "blocked",
                v == Variant.V4 ? "lpm_trie" : "hash",
                v.keySize,
                v.layout,
                1,
                "u8",
                v.capacity));
        maps.add(map("rt_pool_0_mbr", "pool_members", "web", "array", 4, "u32", 8, "member", 4));
        maps.add(map("rt_pool_0_tbl", "pool_table", "web", "array", 4, "u32", 4, "s32", Maglev.tableSize(4)));
        maps.add(map("rt_pool_0_adr", "pool_addrs", "web", "hash", 4, "ipv4", 4, "u32", 4));
        maps.add(map("rt_counters", "counters", null, "percpu_array", 4, "u32", 32, "counter", n + 1));
        maps.add(map("rt_ifaces", "ifaces", null, "array", 4, "u32", 4, "u32", 1));
        maps.add(map("rt_config", "config", null, "array", 4, "u32", 16, "config", 1));
        maps.add(map("rt_result", "result", null, "array", 4, "u32", 96, "result", 1));
        maps.add(map("rt_events", "events", null, "ringbuf", 0, "none", 160, "event", 262144));
        maps.add(map("rt_flows", "flows", null, "lru_hash", 40, "flow_key", 36, "flow_val", 65536));
        sb.append("    ").append(String.join(",\n    ", maps)).append("\n  ],\n");
        sb.append("  \"limits\": [],\n  \"log_tags\": [{\"id\": 0, \"tag\": \"blocked\"}],\n");
        sb.append("  \"interfaces\": [{\"slot\": 0, \"name\": \"fx0\"}]\n}\n");
        return sb.toString();
    }

    private static String map(
            String name, String kind, String decl, String type, int ks, String kl, int vs, String vl, int cap) {
        return "{\"name\": \"" + name + "\", \"kind\": \"" + kind + "\", "
                + (decl == null ? "" : "\"decl\": \"" + decl + "\", ")
                + "\"type\": \"" + type + "\", \"key\": {\"size\": " + ks + ", \"layout\": \"" + kl
                + "\"}, \"value\": {\"size\": "
                + vs + ", \"layout\": \"" + vl + "\"}, \"capacity\": " + cap + "}";
    }

    static String text(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
