package dev.routec.compiler.pipeline;

import dev.routec.compiler.backend.Clang;
import dev.routec.compiler.backend.Templates;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.InternalCompilerError;
import dev.routec.compiler.emit.HeaderEmitter;
import dev.routec.compiler.emit.ManifestEmitter;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.ir.IrVerifier;
import dev.routec.compiler.lower.Lowering;
import java.util.List;

/** The back end's passes in order: lower, verify the IR, emit the header and manifest, clang. */
public final class Backend {
    private Backend() {}

    /** Everything compiled for one policy. */
    public record Compiled(IrPolicy ir, String header, String manifest, byte[] object) {
        public Compiled {
            object = object.clone();
        }

        @Override
        public byte[] object() {
            return object.clone();
        }

        /** The complete C translation unit (template with the header inlined). */
        public String source() {
            return Templates.amalgamate(header);
        }
    }

    /** Lowers and verifies; an ill-formed IR is a compiler bug. */
    public static IrPolicy lower(CheckedPolicy p) {
        IrPolicy ir = Lowering.lower(p);
        List<String> problems = IrVerifier.verify(ir);
        if (!problems.isEmpty())
            throw new InternalCompilerError("the IR of policy " + p.name() + " is ill-formed: " + problems);
        return ir;
    }

    /** Lowers, emits and runs clang ({@link dev.routec.compiler.backend.ClangException} on failure). */
    public static Compiled compile(CheckedPolicy p) {
        IrPolicy ir = lower(p);
        String header = HeaderEmitter.emit(ir);
        return new Compiled(ir, header, ManifestEmitter.emit(ir), Clang.compile(header));
    }
}
