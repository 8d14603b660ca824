package dev.routec.cli;

import dev.routec.compiler.testing.Engine;
import dev.routec.compiler.testing.InterpreterEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engines {@code routec test} runs on: the reference interpreter always, the kernel when this
 * build has a kernel engine and BPF works here. When the kernel engine exists but cannot run, one
 * note says so and the interpreter runs alone, unless {@code ROUTEC_REQUIRE_KERNEL=1} (CI), which
 * makes it an environment error (exit 3).
 */
final class TestEngines {
    private TestEngines() {}

    /** The engines to use, and notes for the user about the ones left out. */
    record Selection(List<Engine.Factory> factories, List<String> notes) {}

    static Selection select(boolean requireKernel) {
        return select(requireKernel, kernel());
    }

    static Selection select(boolean requireKernel, Optional<Engine.Factory> kernel) {
        List<Engine.Factory> factories = new ArrayList<>(List.of(InterpreterEngine.FACTORY));
        List<String> notes = new ArrayList<>();
        if (kernel.isEmpty()) {
            notes.add("this build has no kernel engine yet (the eBPF back end is in progress);"
                    + " running on the reference interpreter only");
        } else {
            Optional<String> why = kernel.get().unavailable();
            if (why.isPresent()) {
                String note = "kernel engine unavailable: " + why.get();
                if (requireKernel)
                    throw new UserError(ExitCode.ENVIRONMENT, note + " (ROUTEC_REQUIRE_KERNEL=1 requires it)");
                notes.add(note
                        + "; running on the reference interpreter only (ROUTEC_REQUIRE_KERNEL=1 makes this an error)");
            } else factories.add(kernel.get());
        }
        return new Selection(List.copyOf(factories), List.copyOf(notes));
    }

    /**
     * The kernel engine of this build, when it has one. The back end plugs its {@link
     * Engine.Factory} in here: {@code unavailable()} says why BPF cannot run on this host, {@code
     * open(policy)} compiles and loads the policy once, and its engines run frames through {@code
     * BPF_PROG_TEST_RUN}.
     */
    private static Optional<Engine.Factory> kernel() {
        return Optional.of(KernelEngine.FACTORY);
    }

    static boolean requireKernel() {
        String v = System.getenv("ROUTEC_REQUIRE_KERNEL");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }
}
