package dev.routec.compiler.parse;

import dev.routec.compiler.ast.Ident;
import dev.routec.compiler.ast.PacketNode;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.source.SourceFile;
import dev.routec.grammar.RouteParser;
import dev.routec.grammar.RouteParser.*;
import java.util.List;
import java.util.Optional;

/** Builds packet-notation nodes (LANGUAGE.md §7). */
final class PacketBuilderAst {
    private final SourceFile src;
    private final ExprBuilder exprs;

    PacketBuilderAst(SourceFile src, ExprBuilder exprs) {
        this.src = src;
        this.exprs = exprs;
    }

    PacketNode packet(PacketContext ctx) {
        Optional<PacketNode.EthNode> eth = Optional.ofNullable(ctx.ethPart())
                .map(e -> new PacketNode.EthNode(
                        exprs.span(e),
                        new Value.Mac(exprs.span(e.src), e.src.getText()),
                        new Value.Mac(exprs.span(e.dst), e.dst.getText())));
        List<PacketNode.OptionNode> options =
                ctx.pktOption().stream().map(this::option).toList();
        return new PacketNode(exprs.span(ctx), eth, l3(ctx.l3()), options);
    }

    private PacketNode.L3Node l3(L3Context ctx) {
        var sp = exprs.span(ctx);
        return switch (ctx) {
            case PortL3Context p ->
                new PacketNode.PortL3(
                        sp,
                        p.proto.getText(),
                        address(p.src.address()),
                        exprs.number(p.src.number()),
                        address(p.dst.address()),
                        exprs.number(p.dst.number()),
                        p.tcpFlag().stream()
                                .map(f -> new Ident(exprs.span(f), f.getText()))
                                .toList());
            case IcmpL3Context i ->
                new PacketNode.IcmpL3(
                        sp,
                        i.proto.getType() == RouteParser.ICMP6,
                        address(i.src),
                        address(i.dst),
                        Optional.ofNullable(i.type).map(exprs::number),
                        Optional.ofNullable(i.code).map(exprs::number));
            case IpL3Context i -> new PacketNode.IpL3(sp, exprs.number(i.number()), address(i.src), address(i.dst));
            case ArpL3Context a -> new PacketNode.ArpL3(sp);
            case EthTypeL3Context e -> new PacketNode.EthTypeL3(sp, exprs.number(e.number()));
            default -> throw new IllegalStateException("unhandled l3 " + ctx.getClass());
        };
    }

    private PacketNode.AddrNode address(AddressContext a) {
        var sp = exprs.span(a);
        Value v = a.IPV4_LIT() != null
                ? new Value.Ipv4(
                        exprs.span(a.IPV4_LIT().getSymbol()), a.IPV4_LIT().getText())
                : exprs.v6(a.IPV6_LIT().getSymbol());
        return new PacketNode.AddrNode(sp, v);
    }

    private PacketNode.OptionNode option(PktOptionContext o) {
        var sp = exprs.span(o);
        return switch (o) {
            case IifOptionContext i ->
                new PacketNode.OptionNode(
                        sp,
                        "iif",
                        Optional.empty(),
                        Optional.of(exprs.str(i.STRING().getSymbol())));
            case FragOptionContext f ->
                new PacketNode.OptionNode(
                        sp,
                        "frag",
                        Optional.empty(),
                        Optional.of(new Value.Str(exprs.span(f.which), f.which.getText())));
            case VlanOptionContext v -> num(sp, "vlan", v.number());
            case TtlOptionContext v -> num(sp, "ttl", v.number());
            case DscpOptionContext v -> num(sp, "dscp", v.number());
            case LenOptionContext v -> num(sp, "len", v.number());
            case MarkOptionContext v -> num(sp, "mark", v.number());
            case PayloadOptionContext v -> num(sp, "payload", v.number());
            default -> throw new IllegalStateException("unhandled option " + o.getClass());
        };
    }

    private PacketNode.OptionNode num(dev.routec.compiler.source.Span sp, String name, NumberContext n) {
        return new PacketNode.OptionNode(sp, name, Optional.of(exprs.number(n)), Optional.empty());
    }
}
