package dev.routec.runtime;

import java.util.Optional;

/**
 * Input of {@link BpfProgram#testRun}: the packet (from the Ethernet header on, at least 14 bytes),
 * the output buffer size, how often to run it and the optional context. For TC programs an absent
 * {@code skb} context means a zeroed one, so the resulting mark etc. are still reported.
 */
public record TestRunRequest(
        byte[] data, int dataOutSize, int repeat, Optional<SkbContext> skb, Optional<XdpContext> xdp) {
    /** Room for programs that grow the packet (encapsulation, adjust_head/tail). */
    public static final int DEFAULT_HEADROOM = 256;

    public TestRunRequest {
        data = data.clone();
        if (data.length < 14) {
            throw new IllegalArgumentException(
                    "test-run packet must hold an Ethernet header (14 bytes), got " + data.length);
        }
        if (dataOutSize < 0 || repeat < 1) {
            throw new IllegalArgumentException("dataOutSize must be >= 0 and repeat >= 1");
        }
        if (skb.isPresent() && xdp.isPresent()) {
            throw new IllegalArgumentException("give an skb context or an xdp context, not both");
        }
    }

    /** One run of {@code packet}, output buffer of packet length + {@value #DEFAULT_HEADROOM}. */
    public static TestRunRequest of(byte[] packet) {
        return new TestRunRequest(packet, packet.length + DEFAULT_HEADROOM, 1, Optional.empty(), Optional.empty());
    }

    public TestRunRequest withRepeat(int n) {
        return new TestRunRequest(data, dataOutSize, n, skb, xdp);
    }

    public TestRunRequest withDataOutSize(int size) {
        return new TestRunRequest(data, size, repeat, skb, xdp);
    }

    public TestRunRequest withSkb(SkbContext ctx) {
        return new TestRunRequest(data, dataOutSize, repeat, Optional.of(ctx), xdp);
    }

    public TestRunRequest withXdp(XdpContext ctx) {
        return new TestRunRequest(data, dataOutSize, repeat, skb, Optional.of(ctx));
    }

    /** A copy of the packet. */
    @Override
    public byte[] data() {
        return data.clone();
    }
}
