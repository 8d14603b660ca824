package dev.routec.testkit;

import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketDissector;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.testing.PacketDraws;
import java.util.stream.Collectors;

/** Packet notation (LANGUAGE.md §7) to packets and back. */
public final class Notation {
    private Notation() {}

    /** Parses notation; {@link IllegalArgumentException} with the rendered diagnostics when it is wrong. */
    public static PacketSpec spec(String notation) {
        Diagnostics d = new Diagnostics();
        return Frontend.packet(new SourceFile("<packet>", notation), d)
                .orElseThrow(() -> new IllegalArgumentException("bad packet notation `" + notation + "`:\n"
                        + d.sorted().stream().map(Renderer::render).collect(Collectors.joining())));
    }

    /** The frame notation describes. */
    public static Frame frame(String notation) {
        return PacketBuilder.build(spec(notation));
    }

    /** A spec in notation that builds the same bytes (its normal form when possible). */
    public static String print(PacketSpec spec) {
        return PacketDraws.notation(spec);
    }

    /**
     * What a frame's bytes parse as, in notation. A frame the notation cannot write exactly (cut
     * short, options, extension headers) prints as the nearest packet; its bytes are the truth.
     */
    public static String print(Frame f) {
        return PacketPrinter.print(PacketDissector.dissect(f));
    }
}
