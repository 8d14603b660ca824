package dev.routec.compiler.check;

import dev.routec.compiler.source.Span;
import java.util.List;

/** Checked declarations: runtime-updatable sets, maps and pools with their initial contents. */
public final class Defs {
    private Defs() {}

    /** Something `x in NAME` can test: a set, a map (its keys) or a pool (its members' addresses). */
    public sealed interface Container {
        String name();

        Span span();

        int capacity();
    }

    /** {@code set}: element type one of ipv4, ipv6, prefix4, prefix6, port, u32, mac. Ranges expanded. */
    public record SetDef(String name, Span span, Type elemType, int capacity, List<Elem> initial) implements Container {
        public SetDef {
            initial = List.copyOf(initial);
        }
    }

    /** {@code map}: key type as sets; value one of u8/u16/u32/u64, ipv4, ipv6, port, mark(u32). */
    public record MapDef(
            String name, Span span, Type keyType, Type valueType, int capacity, Elem dflt, List<MapEntry> initial)
            implements Container {
        public MapDef {
            initial = List.copyOf(initial);
        }
    }

    public record MapEntry(Elem key, Elem value) {}

    /** {@code pool}: IPv4 members, with a port when {@code withPort}. Order is the declared order. */
    public record PoolDef(String name, Span span, boolean withPort, int capacity, List<Elem> initial)
            implements Container {
        public PoolDef {
            initial = List.copyOf(initial);
        }
    }
}
