package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.backend.ClangException;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.testing.Engine;
import dev.routec.runtime.Bpf;
import dev.routec.runtime.BpfException;
import java.util.Optional;

/** The kernel engine of {@code routec test}: the compiled policy through BPF_PROG_TEST_RUN. */
final class KernelEngine implements Engine {
    static final Engine.Factory FACTORY = new Engine.Factory() {
        @Override
        public String name() {
            return "kernel";
        }

        @Override
        public Optional<String> unavailable() {
            return Bpf.kernelAvailable();
        }

        @Override
        public Engine open(CheckedPolicy policy) {
            try {
                return new KernelEngine(KernelPolicy.load(policy));
            } catch (ClangException e) {
                throw new IllegalStateException(
                        e.getMessage() + (e.output().isBlank() ? "" : ": " + CompileCommand.tail(e.output(), 5)), e);
            } catch (BpfException e) {
                throw new IllegalStateException(
                        "policy `" + policy.name() + "` could not be loaded: "
                                + String.join(" / ", CompileCommand.tail(String.valueOf(e.getMessage()), 5)),
                        e);
            }
        }
    };

    private final KernelPolicy k;

    private KernelEngine(KernelPolicy k) {
        this.k = k;
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public void reset() {
        k.reset();
    }

    @Override
    public void apply(CheckedPolicy.Given given) {
        k.apply(given);
    }

    @Override
    public Result run(Frame in, Policy.Hook hook) {
        return k.run(in, hook);
    }

    @Override
    public void close() {
        k.close();
    }
}
