package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.packet.PcapReader;
import dev.routec.compiler.packet.PcapRecord;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code run} agrees with {@code eval}: every Ethernet frame of the 401 real captures through every
 * example at every hook it attaches at, in the kernel (BPF_PROG_TEST_RUN) and in the interpreter,
 * each example loaded once with persistent state on both sides (flows, token buckets), compared on
 * verdict, rule, interface, mark, output bytes, effects and rules counted.
 */
@KernelAvailable
class KernelPcapSweepTest {
    static Path root() {
        return Path.of(System.getProperty("routec.root", ".."));
    }

    static List<Path> captures() throws IOException {
        Path pcaps = root().resolveSibling("shared").resolve("data").resolve("pcaps");
        if (!Files.isDirectory(pcaps)) pcaps = root().resolve("../shared/data/pcaps");
        try (Stream<Path> s = Files.list(pcaps)) {
            return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
    }

    static List<CheckedPolicy> examples() throws IOException {
        try (Stream<Path> s = Files.list(root().resolve("examples"))) {
            return s.filter(p -> p.toString().endsWith(".route"))
                    .sorted()
                    .flatMap(p -> Frontend.check(read(p)).policies().stream())
                    .toList();
        }
    }

    static SourceFile read(Path p) {
        try {
            return new SourceFile(p.getFileName().toString(), Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyFrameOfEveryCaptureAgreesWithTheInterpreter() throws Exception {
        List<Path> caps = captures();
        assertTrue(caps.size() >= 400, "expected the 401 captures");
        List<PcapRecord> frames = new ArrayList<>();
        for (Path c : caps) for (PcapRecord r : PcapReader.readAll(c)) if (r.isEthernet()) frames.add(r);
        List<String> problems = new ArrayList<>();
        long runs = 0;
        for (CheckedPolicy p : examples()) {
            try (Differ d = new Differ(p)) {
                for (PcapRecord r : frames) d.runAll(r.frame("test0"), "frame " + r.index());
                runs += d.runs;
                if (!d.problems.isEmpty()) problems.add(d.report());
            }
        }
        System.out.println("kernel pcap sweep: " + frames.size() + " frames, " + runs + " kernel runs compared");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(runs > 50_000, "compared " + runs);
    }
}
