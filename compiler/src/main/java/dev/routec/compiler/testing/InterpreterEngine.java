package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.interp.TestRunner;
import dev.routec.compiler.packet.Frame;

/**
 * The reference interpreter as an {@link Engine}: {@link #reset} starts a fresh {@link
 * dev.routec.compiler.interp.RuntimeState}, and the clock stands still at {@link
 * TestRunner#INSTANT_NS}.
 */
public final class InterpreterEngine implements Engine {
    public static final String NAME = "interpreter";

    /** The factory; the interpreter is always available. */
    public static final Engine.Factory FACTORY = new Engine.Factory() {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Engine open(CheckedPolicy policy) {
            return new InterpreterEngine(policy);
        }
    };

    private final CheckedPolicy policy;
    private Interpreter interp;

    public InterpreterEngine(CheckedPolicy policy) {
        this.policy = policy;
        reset();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void reset() {
        interp = new Interpreter(policy, () -> TestRunner.INSTANT_NS);
    }

    @Override
    public void apply(CheckedPolicy.Given given) {
        interp.state().apply(given);
    }

    @Override
    public Result run(Frame in, Policy.Hook hook) {
        return interp.run(in, hook);
    }
}
