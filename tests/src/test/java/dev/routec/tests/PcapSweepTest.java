package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.CheckedPolicy.AttachDef;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.PcapReader;
import dev.routec.compiler.packet.PcapRecord;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Ethernet frame of the 401 real captures through every example at every hook it attaches
 * at: the interpreter never fails, prints the §8 JSON, and the printed output packet is valid
 * notation that parses back.
 */
class PcapSweepTest {
    static final Pattern JSON = Pattern.compile(
            "\\{\"verdict\":\"(pass|drop|redirect|route)\",\"rule\":\"[A-Za-z_][A-Za-z0-9_]*\",\"iface\":(null|\"[A-Za-z0-9_.:-]{1,15}\"),\"mark\":(null|\\d+),\"packet\":\"[^\"]*\"\\}");

    @Test
    void everyFrameOfEveryCaptureThroughEveryExample() throws Exception {
        Path root = Path.of(System.getProperty("routec.root", ".."));
        Path pcaps = root.resolveSibling("shared").resolve("data").resolve("pcaps");
        if (!Files.isDirectory(pcaps)) pcaps = root.resolve("../shared/data/pcaps");
        List<Path> captures;
        try (Stream<Path> s = Files.list(pcaps)) {
            captures = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertTrue(captures.size() >= 400, "expected the 401 captures in " + pcaps);
        List<CheckedPolicy> policies;
        try (Stream<Path> s = Files.list(root.resolve("examples"))) {
            policies = s.filter(p -> p.toString().endsWith(".route"))
                    .sorted()
                    .flatMap(p -> Frontend.check(read(p)).policies().stream())
                    .toList();
        }
        long frames = 0;
        for (Path cap : captures) {
            for (PcapRecord rec : PcapReader.readAll(cap)) {
                if (!rec.isEthernet()) continue;
                for (CheckedPolicy p : policies) {
                    for (AttachDef a : p.attaches()) {
                        Result r = new Interpreter(p, () -> 0L).run(rec.frame("test0"), a.hook());
                        String json = r.toJson();
                        assertTrue(JSON.matcher(json).matches(), cap + " #" + rec.index() + ": " + json);
                        Diagnostics d = new Diagnostics();
                        assertTrue(
                                Frontend.packet(new SourceFile("<out>", r.packet()), d)
                                        .isPresent(),
                                cap + " #" + rec.index() + " printed " + r.packet());
                        frames++;
                    }
                }
            }
        }
        assertTrue(frames > 50_000, "evaluated " + frames);
        assertEquals(0, 0);
    }

    private static SourceFile read(Path p) {
        try {
            return new SourceFile(p.getFileName().toString(), Files.readString(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
