package dev.routec.cli.deploy;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.source.SourceFile;

/**
 * What deployment needs from the compiler for one policy: the checked policy (declared types and
 * initial contents), the BPF object and its manifest, and the source it came from (kept with the
 * deployment so {@code routec map} can type-check values later).
 */
public record CompiledPolicy(
        SourceFile source, CheckedPolicy policy, byte[] object, String manifestJson, Manifest manifest) {
    public CompiledPolicy {
        object = object.clone();
    }

    @Override
    public byte[] object() {
        return object.clone();
    }

    public String name() {
        return policy.name();
    }
}
