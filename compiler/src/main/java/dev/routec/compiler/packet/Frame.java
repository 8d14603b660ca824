package dev.routec.compiler.packet;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ethernet frame as it arrives at a hook: the bytes from the destination MAC on, the input interface
 * and the skb mark (metadata). Immutable: the bytes are copied in and out.
 */
public record Frame(byte[] bytes, String iif, long mark) {
    public Frame {
        bytes = bytes.clone();
        Objects.requireNonNull(iif, "iif");
    }

    /** A frame arriving on the default interface with mark 0. */
    public static Frame of(byte[] bytes) {
        return new Frame(bytes, PacketSpec.DEFAULT_IIF, 0);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes without a copy, for readers in this package that never write them. */
    byte[] raw() {
        return bytes;
    }

    public Frame withBytes(byte[] newBytes) {
        return new Frame(newBytes, iif, mark);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && Arrays.equals(bytes, f.bytes) && iif.equals(f.iif) && mark == f.mark;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(bytes) * 31 + iif.hashCode()) * 31 + Long.hashCode(mark);
    }

    @Override
    public String toString() {
        return "Frame[iif=" + iif + ", mark=" + mark + ", bytes="
                + HexFormat.of().formatHex(bytes) + "]";
    }
}
