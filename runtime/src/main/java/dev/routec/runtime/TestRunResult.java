package dev.routec.runtime;

import java.util.Optional;

/**
 * Output of {@link BpfProgram#testRun}: the program's return value (verdict), the packet as the
 * program left it, the kernel-measured average run time, and the context read back (skb for TC
 * programs, xdp if one was given).
 */
public record TestRunResult(
        int retval, byte[] data, long durationNs, Optional<SkbContext> skb, Optional<XdpContext> xdp) {
    public TestRunResult {
        data = data.clone();
    }

    /** A copy of the output packet. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The skb mark after the run (0 if the program is not a TC program). */
    public int mark() {
        return skb.map(SkbContext::mark).orElse(0);
    }
}
