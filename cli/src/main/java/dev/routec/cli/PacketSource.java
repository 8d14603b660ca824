package dev.routec.cli;

import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.packet.PcapException;
import dev.routec.compiler.packet.PcapReader;
import dev.routec.compiler.packet.PcapRecord;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** The packets of `--packet` or `--pcap`, shared by eval and run. */
final class PacketSource {
    private PacketSource() {}

    /** The exclusive {@code --packet P | --pcap CAPTURE} option group. */
    static final class Input {
        @picocli.CommandLine.Option(names = "--packet", paramLabel = "P", description = "a packet in routec's notation")
        String packet;

        @picocli.CommandLine.Option(
                names = "--pcap",
                paramLabel = "CAPTURE",
                description = "a pcap file; every Ethernet frame is run in turn")
        Path pcap;

        /** The packet, or every Ethernet frame of the capture, in order. */
        void forEach(PrintWriter err, Consumer<Frame> each) {
            if (packet != null) each.accept(fromNotation(packet, err));
            else forEachFrame(pcap, err, each);
        }
    }

    static Frame fromNotation(String text, PrintWriter err) {
        return PacketBuilder.build(spec(text, err));
    }

    /** Parses and checks `--packet` notation; diagnostics to {@code err}, exit 1 when it is wrong. */
    static PacketSpec spec(String text, PrintWriter err) {
        Diagnostics diags = new Diagnostics();
        Optional<PacketSpec> spec = Frontend.packet(new SourceFile("--packet", text), diags);
        Inputs.print(diags, err);
        return spec.orElseThrow(
                () -> new UserError(ExitCode.INPUT, "the packet given with --packet is not valid notation"));
    }

    /** Calls {@code each} for every Ethernet frame; notes skipped frames on stderr. */
    static void forEachFrame(Path capture, PrintWriter err, Consumer<Frame> each) {
        int skipped = 0;
        try (PcapReader r = PcapReader.open(capture)) {
            for (Optional<PcapRecord> rec = r.next(); rec.isPresent(); rec = r.next()) {
                if (!rec.get().isEthernet()) {
                    skipped++;
                    continue;
                }
                each.accept(rec.get().frame(PacketSpec.DEFAULT_IIF));
            }
        } catch (PcapException e) {
            throw new UserError(ExitCode.INPUT, e.getMessage());
        }
        if (skipped > 0)
            err.println("routec: skipped " + skipped + " frame(s) of " + capture + " that are not Ethernet");
    }
}
