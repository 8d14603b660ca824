package dev.routec.compiler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.packet.PacketSpecGen;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Packet notation: the front end reads back exactly what {@link PacketPrinter} writes, for random
 * packets of every form and option ({@link PacketSpecGen}).
 */
class PacketNotationRoundTripTest {
    /** Only IP packets can be fragments (the checker says so); other forms drop the option. */
    private static PacketSpec valid(PacketSpec s) {
        boolean ip = s.l3() instanceof PacketSpec.PortL3
                || s.l3() instanceof PacketSpec.IcmpL3
                || s.l3() instanceof PacketSpec.IpL3;
        if (ip || s.frag() == PacketSpec.Frag.NONE) return s;
        return new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                PacketSpec.Frag.NONE,
                s.payload());
    }

    private static void assertReadsBack(PacketSpec spec) {
        String text = PacketPrinter.print(spec);
        Diagnostics diags = new Diagnostics();
        Optional<PacketSpec> back = Frontend.packet(new SourceFile("<packet>", text), diags);
        String errors = diags.sorted().stream().map(Renderer::render).collect(Collectors.joining());
        assertEquals("", errors, text);
        assertEquals(Optional.of(spec), back, text);
    }

    @Test
    void printedPacketsReadBackAsTheSameSpec() {
        qt().withFixedSeed(0x5eed_0002L)
                .withExamples(3000)
                .forAll(PacketSpecGen.any().map(PacketNotationRoundTripTest::valid))
                .checkAssert(PacketNotationRoundTripTest::assertReadsBack);
    }

    @Test
    void plainPacketsOfEveryFormReadBack() {
        for (PacketSpecGen.Form form : PacketSpecGen.Form.values())
            qt().withFixedSeed(0x5eed_0003L + form.ordinal())
                    .withExamples(200)
                    .forAll(PacketSpecGen.plain(form))
                    .checkAssert(PacketNotationRoundTripTest::assertReadsBack);
    }
}
