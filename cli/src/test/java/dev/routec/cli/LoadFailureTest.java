package dev.routec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A verifier log's last lines are traced back to the rule they point at, where they can be. */
class LoadFailureTest {
    static IrPolicy ir() {
        StringBuilder b = new StringBuilder("policy p {\n");
        for (int i = 0; i < 40; i++)
            b.append("  rule r").append(i).append(" when dport == ").append(i).append(" do drop\n");
        return Backend.lower(
                Frontend.check(new SourceFile("p.route", b.append("}\n").toString()))
                        .policies()
                        .get(0));
    }

    @Test
    void aConditionNamesItsRule() {
        String log = "; return rt_in_3(p) @ rt_policy.h:120\n; static __always_inline int rt_cond_7(struct rt_pkt *p)\n"
                + "R1 invalid mem access 'scalar'\nprocessed 900 insns";
        assertEquals(Optional.of("r7"), LoadFailure.rule(ir(), log));
    }

    @Test
    void aChunkNamesItsRange() {
        assertEquals(Optional.of("r32` .. `r39"), LoadFailure.rule(ir(), "in rt_chunk_1: too complex"));
    }

    @Test
    void otherwiseNothing() {
        assertEquals(Optional.empty(), LoadFailure.rule(ir(), "rt_tc_parse: invalid access"));
    }
}
