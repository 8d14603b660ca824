package dev.routec.compiler.packet;

import java.util.Arrays;

/**
 * One record of a pcap file.
 *
 * @param index 0-based position in the file
 * @param data the captured bytes (copied in and out)
 * @param origLen the length of the packet on the wire (≥ data.length when the capture was cut at snaplen)
 * @param linktype the file's link type; only {@link PcapReader#LINKTYPE_ETHERNET} records are Ethernet frames
 * @param timestampNanos capture time in nanoseconds since the epoch
 */
public record PcapRecord(int index, byte[] data, int origLen, int linktype, long timestampNanos) {
    public PcapRecord {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public boolean isEthernet() {
        return linktype == PcapReader.LINKTYPE_ETHERNET;
    }

    /** The record as a frame arriving on {@code iif} with mark 0. */
    public Frame frame(String iif) {
        return new Frame(data, iif, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcapRecord r
                && index == r.index
                && Arrays.equals(data, r.data)
                && origLen == r.origLen
                && linktype == r.linktype
                && timestampNanos == r.timestampNanos;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + index;
    }

    @Override
    public String toString() {
        return "PcapRecord[index=" + index + ", length=" + data.length + ", origLen=" + origLen + ", linktype="
                + linktype + "]";
    }
}
