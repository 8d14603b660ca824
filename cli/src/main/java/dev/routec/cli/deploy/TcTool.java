package dev.routec.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Questions the runtime API cannot answer, asked of iproute2's {@code tc}: whether a clsact qdisc
 * still holds any filter. Bounded (10 s); any failure is "unknown", and callers then keep the qdisc.
 */
final class TcTool {
    private TcTool() {}

    /** Whether {@code iface} has any filter on either clsact hook; empty when tc cannot tell. */
    static Optional<Boolean> hasFilters(Optional<String> netns, String iface) {
        for (String dir : List.of("ingress", "egress")) {
            List<String> cmd = new ArrayList<>(List.of("tc"));
            netns.ifPresent(n -> cmd.addAll(List.of("-n", n)));
            cmd.addAll(List.of("filter", "show", "dev", iface, dir));
            Optional<String> out = run(cmd);
            if (out.isEmpty()) return Optional.empty();
            if (!out.get().isBlank()) return Optional.of(true);
        }
        return Optional.of(false);
    }

    private static Optional<String> run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
