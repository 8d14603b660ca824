/**
 * Packets as values and as bytes.
 *
 * <ul>
 *   <li>{@link dev.routec.compiler.packet.PacketSpec}: the packet notation of LANGUAGE.md §7 as a value;
 *       {@link dev.routec.compiler.packet.PacketPrinter} prints it canonically.
 *   <li>{@link dev.routec.compiler.packet.PacketBuilder}: spec → {@link dev.routec.compiler.packet.Frame}
 *       bytes with valid checksums; {@link dev.routec.compiler.packet.PacketDissector}: bytes → the closest
 *       spec; {@link dev.routec.compiler.packet.PacketNormaliser}: the spec a round trip yields.
 *   <li>{@link dev.routec.compiler.packet.PacketView}: THE field-presence rules of LANGUAGE.md §4 that the
 *       reference interpreter uses and the eBPF parser mirrors.
 *   <li>{@link dev.routec.compiler.packet.Checksums}: RFC 1071/1624 checksums, CRC32c, verifiers.
 *   <li>{@link dev.routec.compiler.packet.PcapReader}: classic pcap input.
 * </ul>
 */
package dev.routec.compiler.packet;
