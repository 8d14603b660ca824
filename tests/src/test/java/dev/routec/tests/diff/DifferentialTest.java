package dev.routec.tests.diff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.tests.KernelAvailable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential suite: for random well-typed policies and random packets (malformed ones
 * included), the compiled program in the kernel and the reference interpreter agree on verdict,
 * deciding rule, cause, redirect interface, mark, every output byte, mirror/log effects and the
 * per-rule counter deltas. The seed is fixed and printed; every CI run compares at least 10,000
 * pairs. {@code -Droutec.long=true} runs the long campaign (about 10⁶ pairs); {@code
 * -Droutec.diff.seed=N}, {@code -Droutec.diff.policies=N} and {@code -Droutec.diff.packets=N}
 * replay or resize a run. Disagreements are shrunk and printed as regression fixtures (a {@code
 * .route} policy plus {@code # run} lines) for src/test/resources/regressions.
 */
@KernelAvailable
class DifferentialTest {
    /** The CI seed. */
    static final long SEED = 0xd1ff_2026L;

    static final int CI_POLICIES = 220, CI_PACKETS = 150;
    static final int LONG_POLICIES = 5000, LONG_PACKETS = 150;
    /** Disagreements shrunk (each may compile a few hundred candidate policies); the rest are listed. */
    static final int SHRUNK = 3;

    static Campaign.Config config() {
        boolean longRun = Boolean.getBoolean("routec.long");
        long seed = Long.decode(System.getProperty("routec.diff.seed", "0x" + Long.toHexString(SEED)));
        int policies = Integer.getInteger("routec.diff.policies", longRun ? LONG_POLICIES : CI_POLICIES);
        int packets = Integer.getInteger("routec.diff.packets", longRun ? LONG_PACKETS : CI_PACKETS);
        return new Campaign.Config(seed, policies, packets, 0.25, PolicyGenerator.MAX_RULES);
    }

    @Test
    void theKernelAgreesWithTheInterpreterOnRandomPoliciesAndPackets() {
        Campaign.Config c = config();
        System.out.printf(
                "differential campaign: seed 0x%x (replay with -Droutec.diff.seed=0x%x), %d policies x %d packets%n",
                c.seed(), c.seed(), c.policies(), c.packets());
        Campaign.Report r = Campaign.run(c);
        System.out.println(r.summary());
        List<String> problems = new ArrayList<>();
        for (Campaign.Rejection x : r.rejections()) {
            save(
                    "refused-" + x.index() + ".route",
                    "# " + x.why().replace("\n", "\n# ") + "\n" + x.policy().text());
            problems.add("policy #" + x.index() + " was refused: " + firstLines(x.why(), 12) + "\n"
                    + x.policy().text());
        }
        int shown = 0;
        for (Campaign.Failure f : r.failures()) {
            if (shown++ < SHRUNK) problems.add(describe(f));
            else {
                // the rest unshrunk, one line each, with their fixture-format packets saved
                save("unshrunk-" + f.index() + ".route", f.policy().text() + Minimizer.runLine(f.step()) + "\n");
                problems.add("DISAGREEMENT on policy #" + f.index() + " at " + Minimizer.describe(f.step()) + ": "
                        + f.differences().get(0).lines().findFirst().orElse(""));
            }
        }
        String report = String.join("\n\n", problems);
        if (!problems.isEmpty()) System.out.println(report);
        assertTrue(problems.isEmpty(), report);
        if (c.policies() >= CI_POLICIES && c.packets() >= CI_PACKETS)
            assertTrue(r.pairs() >= 10_000, "only " + r.pairs() + " pairs compared");
    }

    /** Counterexamples also go to target/differential/, ready for routec or the regression folder. */
    static void save(String name, String text) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "differential");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(name), text);
        } catch (java.io.IOException e) {
            System.out.println("cannot save " + name + ": " + e);
        }
    }

    static String firstLines(String s, int n) {
        String[] lines = s.split("\n");
        return lines.length <= n
                ? s
                : String.join("\n", java.util.Arrays.asList(lines).subList(0, n)) + "\n...";
    }

    static String describe(Campaign.Failure f) {
        Minimizer.Shrunk s = Minimizer.shrink(f);
        save("disagreement-" + f.index() + ".route", s.fixture());
        return "DISAGREEMENT on policy #" + f.index() + " (" + f.history().size() + " packets before it), at "
                + Minimizer.describe(f.step()) + "\n  " + String.join("\n  ", f.differences())
                + "\nshrunk (paste into src/test/resources/regressions/NAME.route):\n" + s.fixture()
                + "  " + String.join("\n  ", s.differences());
    }
}
