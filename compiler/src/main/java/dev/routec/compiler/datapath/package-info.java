/**
 * Datapath definitions shared bit for bit between the reference interpreter and the eBPF back end:
 * the flow hash ({@link dev.routec.compiler.datapath.FlowHash}), the Maglev lookup table of pools
 * ({@link dev.routec.compiler.datapath.Maglev}), token-bucket arithmetic ({@link
 * dev.routec.compiler.datapath.TokenBucket}) and the reverse-NAT flow table ({@link
 * dev.routec.compiler.datapath.FlowTable}). Each class documents its exact algorithm, constants
 * and byte layouts so the C in {@code bpf-templates/} can be written from the javadoc alone; the
 * tests in this package pin known values that the C side must reproduce.
 *
 * <p>Conventions: all integers are unsigned; "u32 arithmetic" wraps modulo 2^32 (Java {@code
 * int} multiplication and addition wrap exactly like C {@code __u32}); byte layouts are in
 * network order unless stated otherwise.
 */
package dev.routec.compiler.datapath;
