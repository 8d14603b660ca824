package dev.routec.compiler.packet;

/** A capture file that cannot be read: not classic pcap, truncated or corrupt. The message names the file and the offset. */
public final class PcapException extends Exception {
    private static final long serialVersionUID = 1L;

    public PcapException(String message) {
        super(message);
    }

    public PcapException(String message, Throwable cause) {
        super(message, cause);
    }
}
