package dev.routec.cli.deploy;

import dev.routec.cli.deploy.JsonReader.Obj;
import java.util.List;
import java.util.Optional;

/**
 * The manifest of a compiled policy ({@code NAME.manifest.json}, docs/datapath-abi.md §9), as the
 * deployment reads it: hooks and their programs, rule names by id, the maps with their schemas, log
 * tags and interface slots.
 */
public record Manifest(
        int format,
        String policy,
        String source,
        List<Hook> hooks,
        List<Rule> rules,
        List<MapSpec> maps,
        List<LogTag> logTags,
        List<Iface> interfaces) {

    public Manifest {
        hooks = List.copyOf(hooks);
        rules = List.copyOf(rules);
        maps = List.copyOf(maps);
        logTags = List.copyOf(logTags);
        interfaces = List.copyOf(interfaces);
    }

    /** A hook the policy attaches at: {@code tc-ingress}, {@code tc-egress} or {@code xdp}. */
    public record Hook(String hook, String program, Optional<String> iface) {}

    public record Rule(int id, String name) {}

    /** A key or value schema: size in bytes and the ABI layout name. */
    public record Shape(int size, String layout) {}

    /**
     * One BPF map. {@code kind}: set, map, pool_members, pool_table, pool_addrs, counters, ifaces,
     * config, result, events, flows, buckets. {@code decl} names the declaration for the first five.
     */
    public record MapSpec(
            String name, String kind, Optional<String> decl, String type, Shape key, Shape value, long capacity) {
        /** The identity that survives a recompilation: the declaration for runtime data, else the kind. */
        public String identity() {
            return decl.map(d -> kind + ":" + d).orElse(kind);
        }

        /** Same type, key and value shape and capacity: the pinned map can be reused as it is. */
        public boolean sameSchema(MapSpec o) {
            return type.equals(o.type) && key.equals(o.key) && value.equals(o.value) && capacity == o.capacity;
        }

        /** Same type, key and value shape (capacity may differ): the entries can be copied. */
        public boolean sameLayout(MapSpec o) {
            return type.equals(o.type) && key.equals(o.key) && value.equals(o.value);
        }
    }

    public record LogTag(int id, String tag) {}

    public record Iface(int slot, String name) {}

    public static Manifest parse(String json) {
        Obj o = Obj.of(JsonReader.parse(json));
        return new Manifest(
                (int) o.num("format"),
                o.str("policy"),
                o.optStr("source").orElse(""),
                o.objs("hooks").stream()
                        .map(h -> new Hook(h.str("hook"), h.str("program"), h.optStr("iface")))
                        .toList(),
                o.objs("rules").stream()
                        .map(r -> new Rule((int) r.num("id"), r.str("name")))
                        .toList(),
                o.objs("maps").stream().map(Manifest::map).toList(),
                o.objs("log_tags").stream()
                        .map(t -> new LogTag((int) t.num("id"), t.str("tag")))
                        .toList(),
                o.objs("interfaces").stream()
                        .map(i -> new Iface((int) i.num("slot"), i.str("name")))
                        .toList());
    }

    private static MapSpec map(Obj m) {
        return new MapSpec(
                m.str("name"),
                m.str("kind"),
                m.optStr("decl"),
                m.str("type"),
                shape(m, "key"),
                shape(m, "value"),
                m.num("capacity", 0));
    }

    private static Shape shape(Obj m, String k) {
        if (!m.has(k)) return new Shape(0, "none");
        Obj s = m.obj(k);
        return new Shape((int) s.num("size"), s.str("layout"));
    }

    public Optional<MapSpec> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<MapSpec> mapOfKind(String kind) {
        return maps.stream().filter(m -> m.kind().equals(kind)).findFirst();
    }

    /** The map of {@code kind} for declaration {@code decl}. */
    public Optional<MapSpec> mapFor(String kind, String decl) {
        return maps.stream()
                .filter(m -> m.kind().equals(kind) && m.decl().equals(Optional.of(decl)))
                .findFirst();
    }

    public String ruleName(int id) {
        return rules.stream()
                .filter(r -> r.id() == id)
                .map(Rule::name)
                .findFirst()
                .orElse("rule#" + id);
    }

    /** The tag text of an event's tag field (tag id + 1; 0 = none). */
    public Optional<String> tagName(int tagPlusOne) {
        if (tagPlusOne == 0) return Optional.empty();
        return logTags.stream()
                .filter(t -> t.id() == tagPlusOne - 1)
                .map(LogTag::tag)
                .findFirst()
                .or(() -> Optional.of("tag#" + (tagPlusOne - 1)));
    }
}
