package dev.routec.compiler.emit;

import dev.routec.compiler.ast.Expr.CmpOp;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.diag.InternalCompilerError;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.compiler.ir.Cond;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.ir.Op;
import dev.routec.compiler.net.IpAddr;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns IR conditions and operands into C expressions over {@code struct rt_pkt *p}. Operands that
 * need statements (map lookups, literal tests) become numbered {@code static __always_inline}
 * helper functions collected in {@link #helpers()}, emitted before their first use. Only numbers
 * and compiler-owned names are written: no user text reaches the C.
 */
final class CondEmitter {
    private final IrPolicy policy;
    private final StringBuilder helpers = new StringBuilder();
    private final java.util.Map<IpAddr, String> addrConsts = new java.util.HashMap<>();
    private int next;

    CondEmitter(IrPolicy policy) {
        this.policy = policy;
    }

    /** The helper functions emitted so far (and forgets them). */
    String takeHelpers() {
        String s = helpers.toString();
        helpers.setLength(0);
        return s;
    }

    /** A scalar operand: C expressions for presence and the value as {@code __u64}. */
    record Scalar(String pres, String val) {}

    /** An address operand: presence, family (4 or 6) and a pointer to its network-order bytes. */
    record Addr(String pres, String fam, String ptr) {}

    // ---- conditions

    String cond(Cond c) {
        return switch (c) {
            case Cond.True t -> "1";
            case Cond.Not n -> n.operand() instanceof Cond.True ? "0" : "!" + paren(cond(n.operand()));
            case Cond.And a -> "(" + cond(a.left()) + " && " + cond(a.right()) + ")";
            case Cond.Or o -> "(" + cond(o.left()) + " || " + cond(o.right()) + ")";
            case Cond.Cmp k -> cmp(k);
            case Cond.Truth t -> {
                Scalar s = scalar(t.operand());
                yield paren(and(s.pres(), s.val()));
            }
            case Cond.InMap m -> inMap(m);
            case Cond.InIntervals i -> literal(i.operand(), i.domain(), intervalTest(i.domain(), i.intervals()));
            case Cond.InTable t -> literal(t.operand(), t.domain(), tableTest(t));
        };
    }

    /** {@code s} in parentheses, unless one pair already encloses all of it. */
    static String paren(String s) {
        return enclosed(s) ? s : "(" + s + ")";
    }

    /**
     * Whether the parenthesis opening {@code s} closes at its last character: {@code (a && b)} is,
     * {@code (__u64)x == (__u64)y} is not (testing only the first and last characters took the latter
     * for the former, so {@code not iif == "x"} became {@code !(__u64)x == y}).
     */
    static boolean enclosed(String s) {
        if (!s.startsWith("(")) return false;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i == s.length() - 1;
        }
        return false;
    }

    private String cmp(Cond.Cmp k) {
        boolean ordering = k.op() != CmpOp.EQ && k.op() != CmpOp.NE;
        if (k.left().kind() == Op.Kind.ADDR) {
            if (ordering) return "0";
            if (k.right() instanceof Op.AddrOp c && !(k.left() instanceof Op.AddrOp))
                return cmpConst(k.op(), addr(k.left()), c.addr());
            if (k.left() instanceof Op.AddrOp c && !(k.right() instanceof Op.AddrOp))
                return cmpConst(k.op(), addr(k.right()), c.addr());
            Addr l = addr(k.left()), r = addr(k.right());
            String eq = "rt_addr_eq(" + l.ptr() + ", " + r.ptr() + ", " + l.fam() + ")";
            // `src != dst`: both sides have the packet's family; `p->family == p->family` would not compile
            String fam = l.fam().equals(r.fam()) ? "" : l.fam() + " == " + r.fam() + " && ";
            return "(" + and(l.pres(), r.pres()) + " && " + fam + (k.op() == CmpOp.EQ ? eq : "!" + eq) + ")";
        }
        if (ordering && k.left().kind() != Op.Kind.INT) return "0";
        Scalar l = scalar(k.left()), r = scalar(k.right());
        if (l.val().equals(r.val())) // `dport == dport`: clang rejects a self-comparison, and it is constant
        return paren(and(l.pres(), k.op() == CmpOp.EQ || k.op() == CmpOp.LE || k.op() == CmpOp.GE ? "1" : "0"));
        return paren(and(and(l.pres(), r.pres()), l.val() + " " + k.op().text + " " + r.val()));
    }

    /** An address against a constant: the raw words compared as immediates. */
    private static String cmpConst(CmpOp op, Addr a, IpAddr c) {
        byte[] b = c.bytes();
        java.nio.ByteBuffer bb =
                java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(b, 16)).order(MapLayout.HOST);
        String eq = c.isV4()
                ? "rt_raw32(" + a.ptr() + ") == 0x" + Integer.toHexString(bb.getInt(0)) + "u"
                : "rt_raw64(" + a.ptr() + ") == " + u64(bb.getLong(0)) + " && rt_raw64(" + a.ptr() + " + 8) == "
                        + u64(bb.getLong(8));
        return "(" + a.pres() + " && " + a.fam() + " == " + (c.isV4() ? 4 : 6) + " && "
                + (op == CmpOp.EQ ? "(" + eq + ")" : "!(" + eq + ")") + ")";
    }

    // ---- operands

    Scalar scalar(Op op) {
        return switch (op) {
            case Op.FieldOp f -> field(f.field());
            case Op.IntOp i -> new Scalar("1", u64(i.value()));
            case Op.MacOp m -> new Scalar("1", u64(m.value()));
            case Op.IfaceOp i -> new Scalar("1", "(__u64)rt_ifindex(" + i.slot() + ")");
            case Op.BitAndOp b -> {
                Scalar l = scalar(b.left()), r = scalar(b.right());
                yield new Scalar(and(l.pres(), r.pres()), "(" + l.val() + " & " + r.val() + ")");
            }
            case Op.CondOp c -> new Scalar("1", "(__u64)" + paren(cond(c.cond())));
            case Op.MapReadOp m -> new Scalar("1", "rt_mr_" + mapRead(m) + "(p)");
            case Op.AddrOp a -> throw new InternalCompilerError("an address used as a scalar");
        };
    }

    Addr addr(Op op) {
        return switch (op) {
            case Op.FieldOp f -> addrField(f.field());
            case Op.AddrOp a -> new Addr("1", a.addr().isV4() ? "4" : "6", constAddr(a.addr()));

            case Op.MapReadOp m -> {
                Layout v = policy.maps().get(m.map()).value();
                yield new Addr("1", v == Layout.IPV4 ? "4" : "6", "rt_mr_" + mapRead(m) + "(p)");
            }
            default -> throw new InternalCompilerError("not an address operand: " + op);
        };
    }

    private static String and(String a, String b) {
        if (a.equals("1")) return b;
        if (b.equals("1") || a.equals(b)) return a;
        return "(" + a + " && " + b + ")";
    }

    /** A named read-only array of the 16 network-order bytes of a constant address (emitted once). */
    private String constAddr(IpAddr a) {
        String name = addrConsts.get(a);
        if (name == null) {
            name = "rt_ca_" + next++;
            addrConsts.put(a, name);
            helpers.append("static const __u8 ")
                    .append(name)
                    .append("[16] RT_RODATA = {")
                    .append(bytes16(a))
                    .append("};\n\n");
        }
        return name;
    }

    static String bytes16(IpAddr a) {
        byte[] b = java.util.Arrays.copyOf(a.bytes(), 16);
        StringJoiner j = new StringJoiner(", ");
        for (byte x : b) j.add(String.format("0x%02x", x & 0xff));
        return j.toString();
    }

    static String u64(long v) {
        return "0x" + Long.toHexString(v) + "ull";
    }

    private static Addr addrField(Field f) {
        return switch (f) {
            case SRC -> new Addr("(p->has & RT_P_IP)", "p->family", "p->src");
            case DST -> new Addr("(p->has & RT_P_IP)", "p->family", "p->dst");
            case IP_SRC -> new Addr("(p->has & RT_P_V4)", "4", "p->src");
            case IP_DST -> new Addr("(p->has & RT_P_V4)", "4", "p->dst");
            case IP6_SRC -> new Addr("(p->has & RT_P_V6)", "6", "p->src");
            case IP6_DST -> new Addr("(p->has & RT_P_V6)", "6", "p->dst");
            default -> throw new InternalCompilerError("not an address field: " + f);
        };
    }

    static Scalar field(Field f) {
        return switch (f) {
            case IP_TTL -> v4("p->ttl");
            case IP_PROTO -> v4("p->nexthdr");
            case IP_DSCP -> v4("(p->tos >> 2)");
            case IP_LEN -> v4("p->ip_len");
            case IP_FRAG -> v4("((p->frag & RT_FRAG) != 0)");
            case IP6_HOPLIMIT -> v6("p->ttl");
            case IP6_NEXTHDR -> v6("p->nexthdr");
            case IP6_FLOWLABEL -> v6("p->flowlabel");
            case PROTO -> has("RT_P_PROTO", "p->proto");
            case SPORT -> has("RT_P_PORTS", "p->sport");
            case DPORT -> has("RT_P_PORTS", "p->dport");
            case TCP_SYN -> tcp("RT_TCP_SYN");
            case TCP_ACK -> tcp("RT_TCP_ACK");
            case TCP_FIN -> tcp("RT_TCP_FIN");
            case TCP_RST -> tcp("RT_TCP_RST");
            case TCP_PSH -> tcp("RT_TCP_PSH");
            case TCP_URG -> tcp("RT_TCP_URG");
            case ICMP_TYPE -> has("RT_P_ICMP", "p->icmp_type");
            case ICMP_CODE -> has("RT_P_ICMP", "p->icmp_code");
            case ETH_SRC -> has("RT_P_ETH", "p->eth_src");
            case ETH_DST -> has("RT_P_ETH", "p->eth_dst");
            case ETH_TYPE -> has("RT_P_ETH", "p->eth_type");
            case VLAN_ID -> has("RT_P_VLAN", "p->vlan_id");
            case IIF -> new Scalar("1", "(__u64)p->ifindex");
            case MARK -> has("RT_P_MARK", "p->mark");
            case LEN -> new Scalar("1", "(__u64)p->len");
            case TCP -> always("((p->has & RT_P_PROTO) && p->proto == 6)");
            case UDP -> always("((p->has & RT_P_PROTO) && p->proto == 17)");
            case SCTP -> always("((p->has & RT_P_PROTO) && p->proto == 132)");
            case ICMP -> always("((p->has & RT_P_V4) && p->proto == 1)");
            case ICMP6 -> always("((p->has & RT_P_V6) && (p->has & RT_P_PROTO) && p->proto == 58)");
            case IPV4 -> always("((p->has & RT_P_V4) != 0)");
            case IPV6 -> always("((p->has & RT_P_V6) != 0)");
            case ARP -> always("((p->has & RT_P_ETH) && p->eth_type == 0x0806)");
            default -> throw new InternalCompilerError("not a scalar field in a rule: " + f);
        };
    }

    private static Scalar v4(String v) {
        return has("RT_P_V4", v);
    }

    private static Scalar v6(String v) {
        return has("RT_P_V6", v);
    }

    private static Scalar has(String bit, String v) {
        return new Scalar("(p->has & " + bit + ")", "(__u64)" + v);
    }

    private static Scalar tcp(String bit) {
        return new Scalar("(p->has & RT_P_TCPF)", "(__u64)((p->tcp_flags & " + bit + ") != 0)");
    }

    private static Scalar always(String v) {
        return new Scalar("1", "(__u64)" + v);
    }

    // ---- helpers that need statements

    /** Emits the statements building map key {@code k} from an operand; returns after a miss. */
    private String keyFill(Layout key, Op op, String miss) {
        StringBuilder b = new StringBuilder();
        switch (key) {
            case IPV4, IPV6, PREFIX4, PREFIX6 -> {
                Addr a = addr(op);
                boolean v4 = key == Layout.IPV4 || key == Layout.PREFIX4;
                String type =
                        switch (key) {
                            case IPV4 -> "__u32 k;";
                            case IPV6 -> "struct rt_in6 k;";
                            case PREFIX4 -> "struct rt_lpm4 k = {.plen = 32};";
                            default -> "struct rt_lpm6 k = {.plen = 128};";
                        };
                b.append("\t").append(type).append('\n');
                b.append("\tif (!")
                        .append(paren(a.pres()))
                        .append(" || ")
                        .append(a.fam())
                        .append(" != ")
                        .append(v4 ? 4 : 6)
                        .append(")\n\t\treturn ")
                        .append(miss)
                        .append(";\n");
                String dst =
                        switch (key) {
                            case IPV4 -> "&k";
                            case IPV6 -> "k.a";
                            default -> "k.addr";
                        };
                b.append("\t__builtin_memcpy(")
                        .append(dst)
                        .append(", ")
                        .append(a.ptr())
                        .append(", ")
                        .append(v4 ? 4 : 16)
                        .append(");\n");
            }
            case PORT, U32, MAC -> {
                Scalar s = scalar(op);
                b.append("\tif (!")
                        .append(paren(s.pres()))
                        .append(")\n\t\treturn ")
                        .append(miss)
                        .append(";\n");
                switch (key) {
                    case PORT -> b.append("\t__u16 k = (__u16)").append(s.val()).append(";\n");
                    case U32 -> b.append("\t__u32 k = (__u32)").append(s.val()).append(";\n");
                    default ->
                        b.append("\tstruct rt_mac k;\n\trt_mac_bytes(")
                                .append(s.val())
                                .append(", k.a);\n");
                }
            }
            default -> throw new InternalCompilerError("no key layout " + key);
        }
        return b.toString();
    }

    private String inMap(Cond.InMap m) {
        IrPolicy.Container c = policy.maps().get(m.container());
        int id = next++;
        helpers.append("static __always_inline int rt_in_")
                .append(id)
                .append("(struct rt_pkt *p)\n{\n")
                .append(keyFill(c.key(), m.operand(), "0"))
                .append("\treturn bpf_map_lookup_elem(&")
                .append(c.cname())
                .append(", &k) != 0;\n}\n\n");
        return "rt_in_" + id + "(p)";
    }

    /** Emits the lookup helper of a map read; returns its number. */
    private int mapRead(Op.MapReadOp m) {
        IrPolicy.Container c = policy.maps().get(m.map());
        int id = next++;
        boolean isAddr = c.value() == Layout.IPV4 || c.value() == Layout.IPV6;
        String miss;
        if (isAddr) {
            IpAddr d = ((Elem.Addr) m.dflt()).addr();
            helpers.append("static const __u8 rt_mrd_")
                    .append(id)
                    .append("[16] RT_RODATA = {")
                    .append(bytes16(d))
                    .append("};\n\n");
            miss = "rt_mrd_" + id;
        } else {
            miss = u64(((Elem.Int) m.dflt()).value());
        }
        helpers.append("static __always_inline ")
                .append(isAddr ? "const __u8 *" : "__u64 ")
                .append("rt_mr_")
                .append(id)
                .append("(struct rt_pkt *p)\n{\n")
                .append(keyFill(c.key(), m.key(), miss));
        String vt = valueType(c.value());
        helpers.append("\tconst ")
                .append(vt)
                .append(" *v = bpf_map_lookup_elem(&")
                .append(c.cname())
                .append(", &k);\n");
        if (isAddr)
            helpers.append("\treturn v ? (const __u8 *)v : rt_mrd_").append(id).append(";\n}\n\n");
        else helpers.append("\treturn v ? (__u64)*v : ").append(miss).append(";\n}\n\n");
        return id;
    }

    static String valueType(Layout l) {
        return switch (l) {
            case U8 -> "__u8";
            case U16, PORT -> "__u16";
            case U32, IPV4 -> "__u32";
            case U64 -> "__u64";
            case IPV6 -> "struct rt_in6";
            default -> throw new InternalCompilerError("no value type for " + l);
        };
    }

    static String keyType(Layout l) {
        return switch (l) {
            case IPV4, U32 -> "__u32";
            case IPV6 -> "struct rt_in6";
            case PREFIX4 -> "struct rt_lpm4";
            case PREFIX6 -> "struct rt_lpm6";
            case PORT -> "__u16";
            case MAC -> "struct rt_mac";
            default -> throw new InternalCompilerError("no key type for " + l);
        };
    }

    /** A literal test helper: reads the operand into v (or hi/lo), then {@code test}. */
    private String literal(Op op, Cond.Domain d, String test) {
        int id = next++;
        StringBuilder b = new StringBuilder();
        b.append("static __always_inline int rt_lit_").append(id).append("(struct rt_pkt *p)\n{\n");
        switch (d) {
            case INT, MAC -> {
                Scalar s = scalar(op);
                b.append("\tif (!").append(paren(s.pres())).append(")\n\t\treturn 0;\n");
                b.append("\t__u64 v = ").append(s.val()).append(";\n");
            }
            case V4 -> {
                Addr a = addr(op);
                b.append("\tif (!")
                        .append(paren(a.pres()))
                        .append(" || ")
                        .append(a.fam())
                        .append(" != 4)\n\t\treturn 0;\n");
                b.append("\t__u64 v = rt_v4val(").append(a.ptr()).append(");\n");
            }
            case V6 -> {
                Addr a = addr(op);
                b.append("\tif (!")
                        .append(paren(a.pres()))
                        .append(" || ")
                        .append(a.fam())
                        .append(" != 6)\n\t\treturn 0;\n");
                b.append("\t__u64 hi = rt_v6hi(").append(a.ptr()).append(");\n");
                b.append("\t__u64 lo = rt_v6lo(").append(a.ptr()).append(");\n");
            }
        }
        b.append("\treturn ").append(test).append(";\n}\n\n");
        helpers.append(b);
        return "rt_lit_" + id + "(p)";
    }

    private static String intervalTest(Cond.Domain d, List<Cond.Interval> ivs) {
        List<String> parts = new ArrayList<>();
        for (Cond.Interval iv : ivs) {
            if (d == Cond.Domain.V6) {
                String ge = "(hi > " + u64(iv.loHi()) + " || (hi == " + u64(iv.loHi()) + " && lo >= " + u64(iv.loLo())
                        + "))";
                String le = "(hi < " + u64(iv.hiHi()) + " || (hi == " + u64(iv.hiHi()) + " && lo <= " + u64(iv.hiLo())
                        + "))";
                parts.add("(" + ge + " && " + le + ")");
            } else if (iv.loLo() == iv.hiLo()) {
                parts.add("v == " + u64(iv.loLo()));
            } else {
                parts.add("(v >= " + u64(iv.loLo()) + " && v <= " + u64(iv.hiLo()) + ")");
            }
        }
        return parts.isEmpty() ? "0" : String.join(" || ", parts);
    }

    private static String tableTest(Cond.InTable t) {
        if (t.domain() == Cond.Domain.V6) return "rt_in_ranges6(" + t.first() + ", " + t.count() + ", hi, lo)";
        return "rt_in_ranges(" + t.first() + ", " + t.count() + ", v)";
    }
}
