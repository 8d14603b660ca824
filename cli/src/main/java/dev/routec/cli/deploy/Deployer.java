package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.runtime.Bpf;
import dev.routec.runtime.BpfException;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.BpfObject;
import dev.routec.runtime.BpfProgram;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.OpenOptions;
import dev.routec.runtime.Tc;
import dev.routec.runtime.TcDirection;
import dev.routec.runtime.TcFilter;
import dev.routec.runtime.Xdp;
import dev.routec.runtime.XdpMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code routec deploy}: load a compiled policy, pin its maps under the policy's bpffs directory,
 * attach it at every hook, and record the deployment. A redeploy of the same policy swaps programs
 * atomically (TC: replace at the same handle and priority; XDP: compare-and-swap with the running
 * program) and keeps map contents (see {@link MapPlan}). Until the swap, nothing of the running
 * version is touched: a failure before it (compile, load, verifier, contents) leaves it exactly as it
 * was, and a failure during it is rolled back.
 */
public final class Deployer {
    /** The TC filter handle routec uses; the priority tells deployments apart. */
    static final int TC_HANDLE = 1;

    private static final int TC_PRIO_BASE = 0xc000;

    public record Options(
            Optional<String> iface, Optional<String> netns, boolean resetMaps, Optional<String> xdpMode) {}

    /** The outcome: the new state, whether it was the first deploy, and what happened, line by line. */
    public record Result(DeployState state, boolean first, List<String> notes) {}

    private final DeployRoots roots;
    private Consumer<BpfObject> beforeLoad = o -> {};
    private Optional<Consumer<BpfException>> loadFailureReport = Optional.empty();

    public Deployer(DeployRoots roots) {
        this.roots = roots;
    }

    /** Runs {@code hook} on the opened object just before it is loaded (tests inject failures here). */
    public Deployer beforeLoad(Consumer<BpfObject> hook) {
        this.beforeLoad = hook;
        return this;
    }

    /**
     * Reports a load or verifier failure (the CLI prints it as a diagnostic naming the policy and,
     * where the log shows it, the rule); the exception then carries only a one-line summary.
     */
    public Deployer onLoadFailure(Consumer<BpfException> report) {
        this.loadFailureReport = Optional.of(report);
        return this;
    }

    /** Exit 3 unless this process can load and attach BPF programs and pin them under the root. */
    public static void requireKernel(DeployRoots roots) {
        Optional<String> why = Bpf.kernelAvailable();
        if (why.isPresent()) throw new UserError(ExitCode.ENVIRONMENT, "cannot use BPF here: " + why.get());
        roots.requireBpffs();
    }

    public Result deploy(CompiledPolicy cp, Options o) {
        requireKernel(roots);
        NetNs ns = Target.netns(o.netns());
        List<Wanted> wanted = resolve(cp, o, ns);
        try (DeployLock lock = DeployLock.acquire(roots)) {
            return new Run(cp, o, ns, wanted).execute();
        }
    }

    /** A hook to attach: where, and which program. */
    record Wanted(String hook, String program, String iface, int ifindex) {}

    private static List<Wanted> resolve(CompiledPolicy cp, Options o, NetNs ns) {
        List<Wanted> out = new ArrayList<>();
        for (Manifest.Hook h : cp.manifest().hooks()) {
            String iface = o.iface()
                    .or(h::iface)
                    .orElseThrow(() -> new UserError(
                            ExitCode.INPUT,
                            "policy `" + cp.name() + "` attaches at " + h.hook()
                                    + " without an interface (`on \"IF\"`);" + " give one with --iface"));
            int ifindex = Target.ifindex(ns, iface)
                    .orElseThrow(() -> new UserError(
                            ExitCode.INPUT,
                            "no interface `" + iface + "` in " + Target.describe(o.netns()) + " (policy `" + cp.name()
                                    + "` attaches at " + h.hook() + " on it); check the name or use --iface/--netns"));
            out.add(new Wanted(h.hook(), h.program(), iface, ifindex));
        }
        // egress before ingress before xdp: replies are translated back before the first translated packet leaves
        out.sort(Comparator.comparingInt(w -> switch (w.hook()) {
            case "tc-egress" -> 0;
            case "tc-ingress" -> 1;
            default -> 2;
        }));
        return out;
    }

    /** One deploy, holding the lock. */
    private final class Run {
        private final CompiledPolicy cp;
        private final Options o;
        private final NetNs ns;
        private final List<Wanted> wanted;
        private final String policy;
        private final Path live;
        private final Path staging;
        private final Path retired;
        private final Optional<DeployState> old;
        private final List<String> notes = new ArrayList<>();
        private final Deque<Runnable> rollback = new ArrayDeque<>();
        private final List<AutoCloseable> toClose = new ArrayList<>();

        Run(CompiledPolicy cp, Options o, NetNs ns, List<Wanted> wanted) {
            this.cp = cp;
            this.o = o;
            this.ns = ns;
            this.wanted = wanted;
            this.policy = cp.name();
            this.live = roots.pinDir(policy);
            this.staging = roots.bpffs().resolve(policy + "-new");
            this.retired = roots.bpffs().resolve(policy + "-old");
            this.old = DeployState.read(roots, policy);
        }

        Result execute() {
            checkSameNamespace();
            String xdpMode = xdpMode();
            Optional<Manifest> oldManifest =
                    old.map(s -> Manifest.parse(DeployState.readFile(roots, policy, DeployState.MANIFEST)));
            try (MapPlan plan = new MapPlan(cp, oldManifest, live, o.resetMaps()).decide();
                    BpfObject obj = load(plan)) {
                plan.fill(obj);
                fillInterfaces(obj);
                notes.addAll(plan.notes);
                removeTree(staging);
                removeTree(retired);
                pinAll(obj);
                List<DeployState.HookState> hooks;
                List<String> owned =
                        new ArrayList<>(old.map(DeployState::clsactOwned).orElse(List.of()));
                try {
                    hooks = attachAll(obj, xdpMode, owned);
                } catch (RuntimeException e) {
                    undo();
                    removeTree(staging);
                    if (old.isEmpty()) Undeployer.removeIfEmpty(roots.bpffs());
                    throw e;
                }
                swapPins();
                List<String> stillOwned = detachLeftovers(hooks, owned);
                DeployState state = new DeployState(
                        policy,
                        cp.source().name(),
                        o.netns(),
                        old.map(s -> s.generation() + 1).orElse(1L),
                        Instant.now().toString(),
                        hooks,
                        stillOwned);
                DeployState.writeFile(roots, policy, DeployState.MANIFEST, cp.manifestJson());
                DeployState.writeFile(
                        roots, policy, DeployState.SOURCE, cp.source().text());
                DeployState.writeFile(roots, policy, DeployState.STATE, state.toJson());
                return new Result(state, old.isEmpty(), List.copyOf(notes));
            } finally {
                toClose.forEach(Deployer::closeQuietly);
            }
        }

        private void checkSameNamespace() {
            if (old.isPresent() && !old.get().netns().equals(o.netns()))
                throw new UserError(
                        ExitCode.INPUT,
                        "policy `" + policy + "` is deployed in "
                                + Target.describe(old.get().netns()) + "; undeploy it first to deploy it in "
                                + Target.describe(o.netns()));
        }

        private String xdpMode() {
            Optional<String> running = old.flatMap(s -> s.hook("xdp")).flatMap(DeployState.HookState::xdpMode);
            String want = Target.xdpModeWord(o.xdpMode().or(() -> running).orElse("auto"));
            if (running.isPresent() && !running.get().equals(want))
                throw new UserError(
                        ExitCode.INPUT,
                        "policy `" + policy + "` runs in XDP mode " + running.get()
                                + "; undeploy it first to change the mode");
            return want;
        }

        private BpfObject load(MapPlan plan) {
            BpfObject obj;
            try {
                obj = BpfObject.open(cp.object(), OpenOptions.defaults());
            } catch (BpfException e) {
                throw loadError(e);
            }
            try {
                plan.applyReuse(obj);
                beforeLoad.accept(obj);
                obj.load();
                return obj;
            } catch (BpfException e) {
                obj.close();
                throw loadError(e);
            } catch (RuntimeException e) {
                obj.close();
                throw e;
            }
        }

        private UserError loadError(BpfException e) {
            String kept = old.isPresent() ? "; the running version and its maps are unchanged" : "";
            if (e.errnoName().equals("EPERM"))
                return new UserError(
                        ExitCode.ENVIRONMENT,
                        "the kernel refused to load policy `" + policy + "` (EPERM): run as root" + kept);
            String what = e.isVerifierRejection() ? "the verifier rejected policy `" : "cannot load policy `";
            if (loadFailureReport.isPresent()) {
                loadFailureReport.get().accept(e);
                return new UserError(ExitCode.INPUT, what + policy + "`" + kept);
            }
            return new UserError(ExitCode.INPUT, what + policy + "`" + kept + "\n" + e.getMessage());
        }

        /** rt_ifaces: the real ifindex of every name the policy mentions, synthetic where none exists. */
        private void fillInterfaces(BpfObject obj) {
            Optional<Manifest.MapSpec> spec = cp.manifest().mapOfKind("ifaces");
            if (spec.isEmpty()) return;
            BpfMap m = obj.map(spec.get().name());
            for (Manifest.Iface i : cp.manifest().interfaces()) {
                String name = wanted.stream()
                        .filter(w -> w.iface().equals(i.name()))
                        .findFirst()
                        .map(Wanted::iface)
                        .orElse(i.name());
                int idx = Target.ifindex(ns, name).orElse(MapLayout.syntheticIfindex(i.slot()));
                m.update(MapLayout.u32(i.slot()), MapLayout.u32(idx));
            }
        }

        private void pinAll(BpfObject obj) {
            try {
                Files.createDirectories(staging);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + staging, e);
            }
            try {
                for (Manifest.MapSpec s : cp.manifest().maps()) {
                    if (s.kind().equals("result")) continue;
                    obj.map(s.name()).pin(staging.resolve(s.name()));
                }
                for (Wanted w : wanted) {
                    Path p = staging.resolve(w.program());
                    if (!Files.exists(p)) obj.program(w.program()).pin(p);
                }
            } catch (RuntimeException e) {
                removeTree(staging);
                throw e;
            }
        }

        private List<DeployState.HookState> attachAll(BpfObject obj, String xdpMode, List<String> owned) {
            List<DeployState.HookState> out = new ArrayList<>();
            for (Wanted w : wanted) {
                BpfProgram prog = obj.program(w.program());
                Optional<DeployState.HookState> prev = old.flatMap(s -> s.hook(w.hook()))
                        .filter(h -> h.iface().equals(w.iface()) && h.ifindex() == w.ifindex());
                out.add(Target.isTc(w.hook()) ? attachTc(w, prog, prev, owned) : attachXdp(w, prog, prev, xdpMode));
            }
            return out;
        }

        private DeployState.HookState attachTc(
                Wanted w, BpfProgram prog, Optional<DeployState.HookState> prev, List<String> owned) {
            TcDirection dir = Target.direction(w.hook());
            String where = w.hook() + " on " + w.iface();
            if (prev.isPresent()) {
                DeployState.HookState p = prev.get();
                int cur = Tc.query(ns, w.ifindex(), dir, p.handle(), p.priority());
                if (Target.ours(cur, p, live)) {
                    BpfProgram oldProg = oldProgram(p);
                    Tc.attach(ns, w.ifindex(), dir, prog, p.handle(), p.priority(), true);
                    rollback.push(() -> Tc.attach(ns, w.ifindex(), dir, oldProg, p.handle(), p.priority(), true));
                    notes.add(where + ": replaced program id " + cur + " with " + prog.id() + " (atomic, pref "
                            + p.priority() + ")");
                    return hookState(w, prog, p.handle(), p.priority(), Optional.empty());
                }
                notes.add(where + ": the previous filter "
                        + (cur == 0 ? "is gone" : "was replaced by program id " + cur) + "; attaching anew");
            }
            int prio = freePriority(w, dir);
            TcFilter f = Tc.attach(ns, w.ifindex(), dir, prog, TC_HANDLE, prio, false);
            if (f.createdHook() && !owned.contains(w.iface())) owned.add(w.iface());
            rollback.push(() -> {
                Tc.detach(f, true);
                if (f.createdHook()) owned.remove(w.iface());
            });
            notes.add(where + ": attached program id " + prog.id() + " (pref " + prio + ")"
                    + (f.createdHook() ? ", created the clsact qdisc" : ""));
            return hookState(w, prog, TC_HANDLE, prio, Optional.empty());
        }

        private int freePriority(Wanted w, TcDirection dir) {
            int base = TC_PRIO_BASE + Math.floorMod(policy.hashCode(), 0x1000);
            for (int i = 0; i < 0x1000; i++) {
                int p = TC_PRIO_BASE + Math.floorMod(base - TC_PRIO_BASE + i, 0x3fff);
                if (Tc.query(ns, w.ifindex(), dir, TC_HANDLE, p) == 0) return p;
            }
            throw new UserError(ExitCode.INPUT, "no free TC priority on " + w.iface());
        }

        private DeployState.HookState attachXdp(
                Wanted w, BpfProgram prog, Optional<DeployState.HookState> prev, String modeWord) {
            XdpMode mode = Target.xdpMode(modeWord);
            String where = "xdp on " + w.iface();
            int cur = Xdp.queryId(ns, w.ifindex(), mode);
            if (prev.isPresent() && Target.ours(cur, prev.get(), live)) {
                BpfProgram oldProg = oldProgram(prev.get());
                Xdp.replace(ns, w.ifindex(), prog, oldProg, mode);
                rollback.push(() -> Xdp.replace(ns, w.ifindex(), oldProg, prog, mode));
                notes.add(where + ": replaced program id " + cur + " with " + prog.id() + " (atomic)");
                return hookState(w, prog, 0, 0, Optional.of(modeWord));
            }
            if (cur != 0)
                throw new UserError(
                        ExitCode.INPUT,
                        w.iface() + " already runs XDP program id " + cur + ", which routec did not attach for policy `"
                                + policy + "`; detach it first");
            try {
                Xdp.attach(ns, w.ifindex(), prog, mode);
            } catch (BpfException e) {
                throw new UserError(
                        ExitCode.INPUT,
                        "cannot attach XDP (" + modeWord + " mode) on " + w.iface() + ": " + e.getMessage());
            }
            rollback.push(() -> Xdp.detach(ns, w.ifindex(), mode, prog));
            notes.add(where + ": attached program id " + prog.id() + " (" + modeWord + " mode)");
            return hookState(w, prog, 0, 0, Optional.of(modeWord));
        }

        private DeployState.HookState hookState(
                Wanted w, BpfProgram prog, int handle, int prio, Optional<String> mode) {
            return new DeployState.HookState(
                    w.hook(), w.iface(), w.ifindex(), w.program(), prog.id(), handle, prio, mode);
        }

        /** The running version's program (pinned; by id if the pin is missing), kept open until the end. */
        private BpfProgram oldProgram(DeployState.HookState h) {
            Path pin = live.resolve(h.program());
            BpfProgram p = Files.exists(pin) ? BpfProgram.fromPin(pin) : BpfProgram.fromId(h.progId());
            toClose.add(p);
            return p;
        }

        private void undo() {
            while (!rollback.isEmpty()) {
                try {
                    rollback.pop().run();
                } catch (RuntimeException e) {
                    notes.add("rollback step failed: " + e.getMessage());
                }
            }
        }

        /** Makes the staged pins the policy's directory: two renames under the lock. */
        private void swapPins() {
            try {
                if (Files.exists(live)) Files.move(live, retired);
                Files.move(staging, live);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the new pins into " + live, e);
            }
            removeTree(retired);
        }

        /**
         * Detaches the running version's hooks that the new one does not use any more (another hook or
         * interface), releases clsact qdiscs no longer used here, and returns the interfaces whose
         * clsact qdisc this deployment still owns.
         */
        private List<String> detachLeftovers(List<DeployState.HookState> hooks, List<String> owned) {
            if (old.isEmpty()) return owned;
            Detacher d = new Detacher(roots);
            for (DeployState.HookState h : old.get().hooks()) {
                boolean carried = hooks.stream()
                        .anyMatch(n -> n.hook().equals(h.hook())
                                && n.iface().equals(h.iface())
                                && n.handle() == h.handle()
                                && n.priority() == h.priority());
                if (!carried) d.detach(old.get().netns(), h, live);
            }
            List<String> used = hooks.stream()
                    .filter(DeployState.HookState::isTc)
                    .map(DeployState.HookState::iface)
                    .toList();
            List<String> stillOwned = d.releaseClsact(old.get().netns(), policy, owned, used);
            notes.addAll(d.notes);
            return stillOwned;
        }
    }

    /** Deletes a directory of pins (unpinning everything in it); nothing if it does not exist. */
    static void removeTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // best effort
        }
    }
}
