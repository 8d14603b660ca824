package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.fail;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.stream.Collectors;

/** Compiles .route snippets and packet notation for interpreter tests. */
final class Fixtures {
    private Fixtures() {}

    /** The first policy of {@code source}; fails the test on any error. */
    static CheckedPolicy policy(String source) {
        Frontend.Result r = Frontend.check(new SourceFile("test.route", source));
        if (!r.ok()) fail("policy does not check:\n" + render(r.diags()));
        return r.policies().get(0);
    }

    /** A policy of the given body: {@code policy p { BODY }}. */
    static CheckedPolicy body(String body) {
        return policy("policy p {\n" + body + "\n}\n");
    }

    static PacketSpec spec(String notation) {
        Diagnostics d = new Diagnostics();
        var spec = Frontend.packet(new SourceFile("packet", notation), d);
        if (spec.isEmpty() || d.hasErrors()) fail("bad packet `" + notation + "`:\n" + render(d));
        return spec.get();
    }

    static Frame frame(String notation) {
        return PacketBuilder.build(spec(notation));
    }

    /** Runs one packet through a fresh interpreter at tc ingress, clock at 0. */
    static Result run(CheckedPolicy p, String packet) {
        return new Interpreter(p, () -> 0L).run(frame(packet), Policy.Hook.TC_INGRESS);
    }

    private static String render(Diagnostics d) {
        return d.all().stream().map(Renderer::render).collect(Collectors.joining("\n"));
    }

    static boolean isError(Diagnostic d) {
        return d.isError();
    }
}
