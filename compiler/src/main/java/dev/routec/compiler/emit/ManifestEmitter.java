package dev.routec.compiler.emit;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.compiler.ir.IrPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code NAME.manifest.json} (docs/datapath-abi.md §9): the policy's hooks and programs,
 * every map with its layout and initial contents, and the ids the object uses mapped back to names.
 * Deterministic: fixed key order, id order, two-space indentation, trailing newline.
 */
public final class ManifestEmitter {
    private ManifestEmitter() {}

    public static final int FORMAT = 1;

    public static String emit(IrPolicy p) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\n");
        b.append("  \"format\": ").append(FORMAT).append(",\n");
        b.append("  \"policy\": ").append(str(p.name())).append(",\n");
        b.append("  \"source\": ").append(str(p.source())).append(",\n");
        b.append("  \"object\": ").append(str(p.name() + ".bpf.o")).append(",\n");
        List<String> hooks = new ArrayList<>();
        for (IrPolicy.Hook h : p.hooks())
            hooks.add("{\"hook\": " + str(h.hook().text.replace(' ', '-')) + ", \"program\": " + str(h.program())
                    + ", \"section\": " + str(h.hook().isTc() ? "tc" : "xdp") + ", \"iface\": "
                    + h.iface().map(ManifestEmitter::str).orElse("null") + "}");
        array(b, "hooks", hooks, true);
        List<String> rules = new ArrayList<>();
        for (IrPolicy.Rule r : p.rules())
            rules.add("{\"id\": " + r.id() + ", \"name\": " + str(r.name()) + ", \"line\": " + r.line() + "}");
        array(b, "rules", rules, true);
        array(b, "maps", maps(p), true);
        List<String> limits = new ArrayList<>();
        for (int i = 0; i < p.limits().size(); i++) {
            IrPolicy.Limit l = p.limits().get(i);
            limits.add("{\"id\": " + i + ", \"rule\": " + l.rule() + ", \"rate\": " + l.rate() + ", \"period_s\": "
                    + l.perSeconds() + ", \"burst\": " + l.burst() + ", \"per\": "
                    + l.per().map(x -> str(x.name().toLowerCase(Locale.ROOT))).orElse("null") + "}");
        }
        array(b, "limits", limits, true);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < p.tags().size(); i++)
            tags.add("{\"id\": " + i + ", \"tag\": " + str(p.tags().get(i)) + "}");
        array(b, "log_tags", tags, true);
        List<String> ifaces = new ArrayList<>();
        for (int i = 0; i < p.ifaces().size(); i++)
            ifaces.add("{\"slot\": " + i + ", \"name\": " + str(p.ifaces().get(i)) + "}");
        array(b, "interfaces", ifaces, false);
        b.append("}\n");
        return b.toString();
    }

    private static List<String> maps(IrPolicy p) {
        List<String> out = new ArrayList<>();
        for (IrPolicy.Container c : p.maps()) {
            if (c.kind() == IrPolicy.ContainerKind.POOL_ADDRS) continue;
            String kind = c.kind() == IrPolicy.ContainerKind.SET ? "set" : "map";
            StringBuilder s =
                    new StringBuilder(map(c.cname(), kind, c.decl(), c.type().word, c.key(), c.value(), c.capacity()));
            c.dflt().ifPresent(d -> s.append(", \"default\": ").append(str(d.toString())));
            List<String> init = new ArrayList<>();
            for (IrPolicy.Entry e : c.initial())
                init.add("{\"key\": " + str(e.key().toString())
                        + e.value()
                                .map(v -> ", \"value\": " + str(v.toString()))
                                .orElse("") + "}");
            s.append(", \"initial\": [").append(String.join(", ", init)).append("]}");
            out.add(s.toString());
        }
        for (IrPolicy.Pool pool : p.pools()) {
            List<String> init = new ArrayList<>();
            for (Elem e : pool.initial()) init.add("{\"key\": " + str(e.toString()) + "}");
            out.add(map(
                            pool.members(),
                            "pool_members",
                            pool.decl(),
                            "array",
                            Layout.U32,
                            Layout.MEMBER,
                            pool.capacity())
                    + ", \"table_size\": " + pool.tableSize() + ", \"with_port\": " + pool.withPort()
                    + ", \"initial\": [" + String.join(", ", init) + "]}");
            out.add(map(pool.table(), "pool_table", pool.decl(), "array", Layout.U32, Layout.S32, pool.tableSize())
                    + "}");
            IrPolicy.Container a = p.maps().get(pool.addrsContainer());
            out.add(map(a.cname(), "pool_addrs", pool.decl(), a.type().word, a.key(), a.value(), a.capacity()) + "}");
        }
        int rules = p.rules().size();
        out.add(map("rt_counters", "counters", null, "percpu_array", Layout.U32, Layout.COUNTER, rules) + "}");
        out.add(map(
                        "rt_ifaces",
                        "ifaces",
                        null,
                        "array",
                        Layout.U32,
                        Layout.U32,
                        Math.max(1, p.ifaces().size())) + "}");
        out.add(map("rt_config", "config", null, "array", Layout.U32, Layout.CONFIG, 1) + "}");
        out.add(map("rt_result", "result", null, "array", Layout.U32, Layout.RESULT, 1) + "}");
        out.add(map("rt_events", "events", null, "ringbuf", Layout.NONE, Layout.EVENT, 262144) + "}");
        if (p.hasNat())
            out.add(map("rt_flows", "flows", null, "lru_hash", Layout.FLOW_KEY, Layout.FLOW_VAL, 65536) + "}");
        if (!p.limits().isEmpty())
            out.add(map("rt_buckets", "buckets", null, "lru_hash", Layout.BUCKET_KEY, Layout.BUCKET, 65536) + "}");
        return out;
    }

    private static String map(
            String name, String kind, String decl, String type, Layout key, Layout value, int capacity) {
        return "{\"name\": " + str(name) + ", \"kind\": " + str(kind) + (decl == null ? "" : ", \"decl\": " + str(decl))
                + ", \"type\": " + str(type) + ", \"key\": {\"size\": " + key.size + ", \"layout\": " + str(key.word())
                + "}, \"value\": {\"size\": " + value.size + ", \"layout\": " + str(value.word()) + "}, \"capacity\": "
                + capacity;
    }

    private static void array(StringBuilder b, String key, List<String> items, boolean comma) {
        b.append("  \"").append(key).append("\": [");
        if (items.isEmpty()) b.append("]");
        else {
            b.append('\n');
            for (int i = 0; i < items.size(); i++)
                b.append("    ").append(items.get(i)).append(i + 1 < items.size() ? ",\n" : "\n");
            b.append("  ]");
        }
        b.append(comma ? ",\n" : "\n");
    }

    /** A JSON string (names here are identifiers, interface names and literals: printable ASCII). */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
