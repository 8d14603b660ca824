package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.runtime.BpfException;
import dev.routec.runtime.BpfMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A deployed policy as {@code map}, {@code stats} and {@code trace} see it: its record, its manifest,
 * its declarations (the deployed source, checked again) and its pinned maps.
 */
public final class Deployment implements AutoCloseable {
    private final DeployRoots roots;
    private final DeployState state;
    private final Manifest manifest;
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private CheckedPolicy policy;

    private Deployment(DeployRoots roots, DeployState state, Manifest manifest) {
        this.roots = roots;
        this.state = state;
        this.manifest = manifest;
    }

    /** Opens a deployed policy; exit 1 if there is none of that name, 3 if BPF is unavailable. */
    public static Deployment open(DeployRoots roots, String policy) {
        DeployRoots.checkName(policy);
        Optional<DeployState> s = DeployState.read(roots, policy);
        if (s.isEmpty())
            throw new UserError(
                    ExitCode.INPUT, "policy `" + policy + "` is not deployed (`routec status` lists what is)");
        Deployer.requireKernel(roots);
        Manifest m = Manifest.parse(DeployState.readFile(roots, policy, DeployState.MANIFEST));
        return new Deployment(roots, s.get(), m);
    }

    public DeployState state() {
        return state;
    }

    public Manifest manifest() {
        return manifest;
    }

    public String name() {
        return state.policy();
    }

    /** The deployed policy's checked declarations (from the copy of its source kept with the deployment). */
    public CheckedPolicy policy() {
        if (policy == null) {
            String text = DeployState.readFile(roots, name(), DeployState.SOURCE);
            Frontend.Result r = Frontend.check(new SourceFile(state.source(), text));
            policy = r.policy(name())
                    .filter(p -> r.ok())
                    .orElseThrow(() -> new UserError(
                            ExitCode.INPUT,
                            "the deployed source of policy `" + name()
                                    + "` no longer checks with this routec; deploy it" + " again"));
        }
        return policy;
    }

    /** A pinned map of the deployment, by its ABI name. */
    public BpfMap map(String name) {
        return maps.computeIfAbsent(name, n -> {
            Path pin = roots.pinDir(name()).resolve(n);
            if (!Files.exists(pin))
                throw new UserError(
                        ExitCode.INPUT,
                        "map " + n + " of policy `" + name() + "` is not pinned at " + pin
                                + "; deploy the policy again");
            try {
                return BpfMap.fromPin(pin);
            } catch (BpfException e) {
                throw new UserError(ExitCode.ENVIRONMENT, "cannot open " + pin + ": " + e.getMessage());
            }
        });
    }

    public DeployRoots roots() {
        return roots;
    }

    @Override
    public void close() {
        maps.values().forEach(BpfMap::close);
        maps.clear();
    }
}
