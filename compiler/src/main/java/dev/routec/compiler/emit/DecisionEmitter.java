package dev.routec.compiler.emit;

import dev.routec.compiler.ir.Cond;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.ir.Op;

/**
 * Emits the decision code of the generated header: one inline condition per rule, the rules
 * grouped into global chunk functions of {@link HeaderEmitter#CHUNK} rules (each verified once, so
 * verification grows linearly with the rule count), {@code rt_next_match}, {@code rt_value} and
 * {@code rt_pool_pick}.
 */
final class DecisionEmitter {
    private final IrPolicy p;
    private final StringBuilder out;
    private final CondEmitter conds;

    DecisionEmitter(IrPolicy p, StringBuilder out) {
        this.p = p;
        this.out = out;
        this.conds = new CondEmitter(p);
    }

    void emit() {
        int n = p.defaultId();
        int chunks = (n + HeaderEmitter.CHUNK - 1) / HeaderEmitter.CHUNK;
        for (int c = 0; c < chunks; c++) chunk(c, c * HeaderEmitter.CHUNK, Math.min(n, (c + 1) * HeaderEmitter.CHUNK));
        nextMatch(chunks, n);
        values();
        pools();
    }

    private void chunk(int c, int from, int to) {
        StringBuilder body = new StringBuilder();
        for (int r = from; r < to; r++) {
            Cond cond = p.rules().get(r).cond();
            String test = conds.cond(cond);
            String helpers = conds.takeHelpers();
            out.append(helpers);
            out.append("/* rule ").append(r).append(" */\n");
            out.append("static __always_inline int rt_cond_")
                    .append(r)
                    .append("(struct rt_pkt *p)\n{\n\treturn ")
                    .append(test)
                    .append(";\n}\n\n");
            body.append("\tif (start <= ")
                    .append(r)
                    .append(" && rt_cond_")
                    .append(r)
                    .append("(p))\n\t\treturn ")
                    .append(r)
                    .append(";\n");
        }
        out.append("__noinline int rt_chunk_").append(c).append("(__u32 start)\n{\n");
        out.append("\tstruct rt_pkt *p = rt_pkt_get();\n\tif (!p)\n\t\treturn -1;\n");
        out.append(body);
        out.append("\treturn -1;\n}\n\n");
    }

    private void nextMatch(int chunks, int n) {
        out.append("__noinline int rt_next_match(__u32 start)\n{\n");
        if (chunks > 0) out.append("\tint r;\n");
        for (int c = 0; c < chunks; c++) {
            int last = Math.min(n, (c + 1) * HeaderEmitter.CHUNK) - 1;
            out.append("\tif (start <= ")
                    .append(last)
                    .append(") {\n\t\tr = rt_chunk_")
                    .append(c)
                    .append("(start);\n\t\tif (r >= 0)\n\t\t\treturn r;\n\t}\n");
        }
        out.append("\treturn RT_NUM_RULES;\n}\n\n");
    }

    private void values() {
        for (int i = 0; i < p.values().size(); i++) {
            Op op = p.values().get(i);
            CondEmitter.Scalar s = conds.scalar(op);
            out.append(conds.takeHelpers());
            out.append("/* value ").append(i).append(" */\n");
            out.append("static __always_inline int rt_value_").append(i).append("(struct rt_pkt *p)\n{\n");
            out.append("\tif (!(").append(s.pres()).append("))\n\t\treturn 0;\n");
            out.append("\tp->value = ").append(s.val()).append(";\n\treturn 1;\n}\n\n");
        }
        out.append(
                "__noinline int rt_value(__u32 id)\n{\n\tstruct rt_pkt *p = rt_pkt_get();\n\tif (!p)\n\t\treturn 0;\n");
        out.append("\tswitch (id) {\n");
        for (int i = 0; i < p.values().size(); i++)
            out.append("\tcase ")
                    .append(i)
                    .append(":\n\t\treturn rt_value_")
                    .append(i)
                    .append("(p);\n");
        out.append("\tdefault:\n\t\tp->sink = id;\n\t\treturn 0;\n\t}\n}\n\n");
    }

    private void pools() {
        out.append("__noinline int rt_pool_pick(__u32 pool, __u32 hash)\n{\n");
        out.append("\tstruct rt_pkt *p = rt_pkt_get();\n\tif (!p)\n\t\treturn -1;\n");
        if (!p.pools().isEmpty()) out.append("\t__u32 slot;\n\t__s32 *idx;\n\tstruct rt_member *m;\n");
        out.append("\tswitch (pool) {\n");
        for (int i = 0; i < p.pools().size(); i++) {
            IrPolicy.Pool pool = p.pools().get(i);
            out.append("\tcase ").append(i).append(":\n");
            out.append("\t\tslot = hash % RT_POOL_").append(i).append("_M;\n");
            out.append("\t\tidx = bpf_map_lookup_elem(&").append(pool.table()).append(", &slot);\n");
            out.append("\t\tif (!idx || *idx < 0)\n\t\t\treturn -1;\n");
            out.append("\t\tslot = *idx;\n");
            out.append("\t\tm = bpf_map_lookup_elem(&").append(pool.members()).append(", &slot);\n");
            out.append("\t\tif (!m)\n\t\t\treturn -1;\n");
            out.append("\t\tp->member = *m;\n\t\treturn 0;\n");
        }
        out.append("\tdefault:\n\t\tp->sink = pool ^ hash;\n\t\treturn -1;\n\t}\n}\n\n");
    }
}
