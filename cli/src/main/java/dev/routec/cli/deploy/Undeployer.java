package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code routec undeploy NAME}: detach every hook that still runs routec's program, remove the clsact
 * qdiscs routec created that hold no other filter, unpin the policy's maps and programs, and delete
 * the deployment record.
 */
public final class Undeployer {
    public record Result(String policy, List<String> notes) {}

    private final DeployRoots roots;

    public Undeployer(DeployRoots roots) {
        this.roots = roots;
    }

    /** Leaves no empty routec directory on bpffs once the last policy is gone. */
    static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (other policies are deployed), or already gone
        }
    }

    public Result undeploy(String policy) {
        DeployRoots.checkName(policy);
        Deployer.requireKernel(roots);
        try (DeployLock lock = DeployLock.acquire(roots)) {
            Optional<DeployState> state = DeployState.read(roots, policy);
            Path pins = roots.pinDir(policy);
            List<String> notes = new ArrayList<>();
            if (state.isEmpty()) {
                if (!Files.exists(pins))
                    throw new UserError(
                            ExitCode.INPUT, "policy `" + policy + "` is not deployed (`routec status` lists what is)");
                notes.add("no deployment record, only pins (left by an interrupted deploy); removed them");
            } else {
                Detacher d = new Detacher(roots);
                for (DeployState.HookState h : state.get().hooks())
                    d.detach(state.get().netns(), h, pins);
                d.releaseClsact(state.get().netns(), policy, state.get().clsactOwned(), List.of());
                notes.addAll(d.notes);
            }
            Deployer.removeTree(pins);
            Deployer.removeTree(roots.bpffs().resolve(policy + "-new"));
            Deployer.removeTree(roots.bpffs().resolve(policy + "-old"));
            Deployer.removeTree(roots.stateDir(policy));
            notes.add("unpinned " + pins);
            removeIfEmpty(roots.bpffs());
            return new Result(policy, notes);
        }
    }
}
