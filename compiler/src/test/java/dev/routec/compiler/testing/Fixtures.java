package dev.routec.compiler.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Policies and packets from text for the tests of this package. */
final class Fixtures {
    private Fixtures() {}

    static CheckedPolicy policy(String source) {
        Frontend.Result r = Frontend.check(new SourceFile("test.route", source));
        if (!r.ok()) fail("policy does not check:\n" + render(r.diags()));
        return r.policies().get(0);
    }

    static PacketSpec spec(String notation) {
        Diagnostics d = new Diagnostics();
        var spec = Frontend.packet(new SourceFile("packet", notation), d);
        if (spec.isEmpty() || d.hasErrors()) fail("bad packet `" + notation + "`:\n" + render(d));
        return spec.get();
    }

    /** Every policy of every example file. */
    static List<CheckedPolicy> examples() throws IOException {
        Path dir = Path.of(System.getProperty("routec.root", "..")).resolve("examples");
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".route"))
                    .sorted()
                    .flatMap(f -> {
                        try {
                            Frontend.Result r = Frontend.check(new SourceFile(f.toString(), Files.readString(f)));
                            if (!r.ok()) fail(f + " does not check:\n" + render(r.diags()));
                            return r.policies().stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    static List<Outcome> runAll(CheckedPolicy p, long seed, int tries, Engine.Factory... engines) {
        List<Engine.Factory> fs = engines.length == 0 ? List.of(InterpreterEngine.FACTORY) : List.of(engines);
        try (PolicyTester t = new PolicyTester(p, fs, new PolicyTester.Options(seed, tries))) {
            return t.runAll();
        }
    }

    static String render(Diagnostics d) {
        return d.all().stream().map(Renderer::render).collect(Collectors.joining("\n"));
    }
}
