package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/** A packet in the notation of LANGUAGE.md §7 as written; the checker turns it into a PacketSpec. */
public record PacketNode(Span span, Optional<EthNode> eth, L3Node l3, List<OptionNode> options) {
    public PacketNode {
        options = List.copyOf(options);
    }

    public record EthNode(Span span, Value.Mac src, Value.Mac dst) {}

    /** An address as written in a packet: IPv4, or IPv6 bracketed or not. */
    public record AddrNode(Span span, Value addr) {}

    public sealed interface L3Node {
        Span span();
    }

    public record PortL3(
            Span span, String proto, AddrNode src, Value.Int sport, AddrNode dst, Value.Int dport, List<Ident> flags)
            implements L3Node {
        public PortL3 {
            flags = List.copyOf(flags);
        }
    }

    public record IcmpL3(
            Span span, boolean v6, AddrNode src, AddrNode dst, Optional<Value.Int> type, Optional<Value.Int> code)
            implements L3Node {}

    public record IpL3(Span span, Value.Int proto, AddrNode src, AddrNode dst) implements L3Node {}

    public record ArpL3(Span span) implements L3Node {}

    public record EthTypeL3(Span span, Value.Int type) implements L3Node {}

    /** {@code iif "x" | vlan N | ttl N | dscp N | len N | mark N | frag first|later | payload N}. */
    public record OptionNode(Span span, String name, Optional<Value.Int> number, Optional<Value.Str> text) {}
}
