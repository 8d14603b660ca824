package dev.routec.runtime;

/** One key/value pair read from a map. The arrays are the caller's to keep. */
public record MapEntry(byte[] key, byte[] value) {}
