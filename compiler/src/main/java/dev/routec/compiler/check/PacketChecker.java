package dev.routec.compiler.check;

import dev.routec.compiler.ast.PacketNode;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Validates packet notation (LANGUAGE.md §7) and turns it into a {@link PacketSpec}. */
public final class PacketChecker {
    private final Diagnostics diags;
    private final Literals lits;

    public PacketChecker(Diagnostics diags) {
        this.diags = diags;
        this.lits = new Literals(diags);
    }

    public Optional<PacketSpec> check(PacketNode p) {
        int before = (int) diags.errorCount();
        PacketSpec.L3 l3 = l3(p.l3());
        MacAddr src = p.eth().flatMap(e -> lits.mac(e.src())).orElse(MacAddr.DEFAULT_SRC);
        MacAddr dst = p.eth().flatMap(e -> lits.mac(e.dst())).orElse(MacAddr.DEFAULT_DST);
        Opts o = options(p);
        if (diags.errorCount() > before || l3 == null) return Optional.empty();
        if (o.frag != PacketSpec.Frag.NONE
                && !(l3 instanceof PacketSpec.PortL3
                        || l3 instanceof PacketSpec.IcmpL3
                        || l3 instanceof PacketSpec.IpL3)) {
            diags.error(Code.BAD_PACKET, p.span(), "only IP packets can be fragments")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(
                new PacketSpec(src, dst, l3, o.iif, o.vlan, o.ttl, o.dscp, o.len, o.mark, o.frag, o.payload));
    }

    private PacketSpec.L3 l3(PacketNode.L3Node n) {
        return switch (n) {
            case PacketNode.PortL3 p -> portL3(p);
            case PacketNode.IcmpL3 i -> icmp(i);
            case PacketNode.IpL3 i -> {
                Optional<Long> proto = lits.integer(i.proto(), 0, 255, "an IP protocol number");
                IpAddr[] a = pair(i.src(), i.dst());
                yield proto.isPresent() && a != null
                        ? new PacketSpec.IpL3(proto.get().intValue(), a[0], a[1])
                        : null;
            }
            case PacketNode.ArpL3 a -> new PacketSpec.ArpL3();
            case PacketNode.EthTypeL3 e ->
                lits.integer(e.type(), 0, 0xffff, "an EtherType")
                        .map(t -> (PacketSpec.L3) new PacketSpec.EthTypeL3(t.intValue()))
                        .orElse(null);
        };
    }

    private PacketSpec.L3 portL3(PacketNode.PortL3 p) {
        PacketSpec.PortProto proto = PacketSpec.PortProto.valueOf(p.proto().toUpperCase(java.util.Locale.ROOT));
        IpAddr[] a = pair(p.src(), p.dst());
        Optional<Long> sport = lits.integer(p.sport(), Type.PORT, "a port");
        Optional<Long> dport = lits.integer(p.dport(), Type.PORT, "a port");
        Set<PacketSpec.TcpFlag> flags = EnumSet.noneOf(PacketSpec.TcpFlag.class);
        for (var f : p.flags()) {
            Optional<PacketSpec.TcpFlag> flag = PacketSpec.TcpFlag.byWord(f.text());
            if (flag.isEmpty()) {
                var b = diags.error(Code.BAD_FLAG, f.span(), "unknown TCP flag `" + f.text() + "`")
                        .help("flags are fin, syn, rst, psh, ack, urg, ece, cwr");
                Suggest.closest(
                                f.text(),
                                java.util.Arrays.stream(PacketSpec.TcpFlag.values())
                                        .map(PacketSpec.TcpFlag::word)
                                        .toList())
                        .ifPresent(s -> b.help("did you mean `" + s + "`?"));
                b.emit();
            } else flag.ifPresent(flags::add);
        }
        if (!p.flags().isEmpty() && proto != PacketSpec.PortProto.TCP) {
            diags.error(Code.BAD_PACKET, p.flags().get(0).span(), "only tcp packets have flags")
                    .emit();
            return null;
        }
        if (a == null || sport.isEmpty() || dport.isEmpty()) return null;
        return new PacketSpec.PortL3(
                proto, a[0], sport.get().intValue(), a[1], dport.get().intValue(), flags);
    }

    private PacketSpec.L3 icmp(PacketNode.IcmpL3 i) {
        IpAddr[] a = pair(i.src(), i.dst());
        int dflt = i.v6() ? 128 : 8;
        Optional<Long> type =
                i.type().isPresent() ? lits.integer(i.type().get(), 0, 255, "an ICMP type") : Optional.of((long) dflt);
        Optional<Long> code =
                i.code().isPresent() ? lits.integer(i.code().get(), 0, 255, "an ICMP code") : Optional.of(0L);
        if (a == null || type.isEmpty() || code.isEmpty()) return null;
        if (a[0].isV4() == i.v6()) {
            diags.error(
                            Code.BAD_PACKET,
                            i.span(),
                            (i.v6() ? "icmp6 needs IPv6 addresses" : "icmp needs IPv4 addresses"))
                    .help(i.v6() ? "use `icmp` for IPv4" : "use `icmp6` for IPv6")
                    .emit();
            return null;
        }
        return new PacketSpec.IcmpL3(
                i.v6(), a[0], a[1], type.get().intValue(), code.get().intValue());
    }

    private IpAddr[] pair(PacketNode.AddrNode s, PacketNode.AddrNode d) {
        Optional<IpAddr> a = addr(s), b = addr(d);
        if (a.isEmpty() || b.isEmpty()) return null;
        if (a.get().isV4() != b.get().isV4()) {
            diags.error(Code.BAD_PACKET, d.span(), "source and destination are of different families")
                    .emit();
            return null;
        }
        return new IpAddr[] {a.get(), b.get()};
    }

    private Optional<IpAddr> addr(PacketNode.AddrNode n) {
        return switch (n.addr()) {
            case Value.Ipv4 v -> lits.ipv4(v);
            case Value.Ipv6 v -> lits.ipv6(v);
            default -> Optional.empty();
        };
    }

    private static final class Opts {
        String iif = PacketSpec.DEFAULT_IIF;
        OptionalInt vlan = OptionalInt.empty();
        int ttl = PacketSpec.DEFAULT_TTL;
        int dscp;
        OptionalInt len = OptionalInt.empty();
        long mark;
        PacketSpec.Frag frag = PacketSpec.Frag.NONE;
        int payload;
    }

    private Opts options(PacketNode p) {
        Opts o = new Opts();
        Set<String> seen = new HashSet<>();
        for (PacketNode.OptionNode opt : p.options()) {
            if (!seen.add(opt.name())) {
                diags.error(Code.BAD_PACKET, opt.span(), "`" + opt.name() + "` is given twice")
                        .emit();
                continue;
            }
            switch (opt.name()) {
                case "iif" -> lits.iface(opt.text().orElseThrow()).ifPresent(s -> o.iif = s);
                case "frag" ->
                    o.frag = opt.text().orElseThrow().value().equals("first")
                            ? PacketSpec.Frag.FIRST
                            : PacketSpec.Frag.LATER;
                case "vlan" -> num(opt, 0, 4095, "a VLAN id").ifPresent(v -> o.vlan = OptionalInt.of(v.intValue()));
                case "ttl" -> num(opt, 0, 255, "a TTL").ifPresent(v -> o.ttl = v.intValue());
                case "dscp" -> num(opt, 0, 63, "a DSCP").ifPresent(v -> o.dscp = v.intValue());
                case "len" ->
                    num(opt, 0, 262144, "a frame length").ifPresent(v -> o.len = OptionalInt.of(v.intValue()));
                case "mark" -> num(opt, 0, 0xffffffffL, "a mark").ifPresent(v -> o.mark = v);
                case "payload" -> num(opt, 0, 262144, "a payload length").ifPresent(v -> o.payload = v.intValue());
                default -> throw new IllegalStateException(opt.name());
            }
        }
        return o;
    }

    private Optional<Long> num(PacketNode.OptionNode opt, long min, long max, String what) {
        return lits.integer(opt.number().orElseThrow(), min, max, what);
    }
}
