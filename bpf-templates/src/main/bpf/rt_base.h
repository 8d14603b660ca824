/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_base.h — what the generated policy header builds on: kernel headers, the ABI, the parsed
 * packet (struct rt_pkt, in a per-CPU scratch map), the maps every policy has, and small helpers
 * the generated decision code calls. The generated rt_policy.h defines its RT_* constants and
 * then includes this file.
 */
#ifndef RT_BASE_H
#define RT_BASE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "rt_abi.h"

#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif

/*
 * Read-only tables go to .rodata explicitly: clang would otherwise put small constant arrays in
 * mergeable sections (.rodata.cst16, ...) that libbpf does not load as the .rodata map.
 */
#define RT_RODATA __attribute__((section(".rodata")))

/* Size of a table of n entries (never 0: an empty table still needs one slot). */
#define RT_ALLOC(n) ((n) > 0 ? (n) : 1)

/*
 * Hides a value from the optimizer. A bounds check on an index read from a generated table is
 * otherwise folded away when every entry of the table passes it (clang proves `rt_acts[i].arg <
 * RT_NUM_LIMITS` from the initializer), and the verifier, which cannot, rejects the access.
 */
#define rt_opaque(x) asm volatile("" : "+r"(x))

/* Presence bits of struct rt_pkt.has (the rules of PacketView). */
#define RT_P_ETH (1u << 0)
#define RT_P_VLAN (1u << 1)
#define RT_P_V4 (1u << 2)
#define RT_P_V6 (1u << 3)
#define RT_P_PROTO (1u << 4)
#define RT_P_L4 (1u << 5)
#define RT_P_PORTS (1u << 6)
#define RT_P_TCPF (1u << 7)
#define RT_P_ICMP (1u << 8)
#define RT_P_MARK (1u << 9)
#define RT_P_IP (RT_P_V4 | RT_P_V6)

/* rt_pkt.frag bits */
#define RT_FRAG 1
#define RT_FRAG_LATER 2

/* TCP flag bits of the flags byte */
#define RT_TCP_FIN 0x01
#define RT_TCP_SYN 0x02
#define RT_TCP_RST 0x04
#define RT_TCP_PSH 0x08
#define RT_TCP_ACK 0x10
#define RT_TCP_URG 0x20

/*
 * The packet as the rules see it: parsed once, updated in place by rewrites. Addresses are in
 * network order (IPv4 in the first 4 bytes); ports and other integers in host order.
 */
struct rt_pkt {
	__u32 has;
	__u32 len;
	__u32 ifindex;
	__u32 mark;
	__u64 eth_dst; /* 48-bit value, first wire byte most significant */
	__u64 eth_src;
	__u16 eth_type;
	__u16 vlan_id;
	__u16 l3;      /* offset of the IP header */
	__u16 l4;      /* offset after the IP header and extension headers */
	__u8 vlan_tags;
	__u8 family;   /* 0, 4, 6 */
	__u8 ihl;      /* IPv4 header bytes, 40 for IPv6 */
	__u8 proto;    /* L4 protocol (after extension headers) */
	__u8 ttl;      /* TTL / hop limit */
	__u8 tos;      /* TOS / traffic class */
	__u8 nexthdr;  /* ip.proto / ip6.nexthdr */
	__u8 tcp_flags;
	__u8 icmp_type;
	__u8 icmp_code;
	__u8 frag;     /* RT_FRAG, RT_FRAG_LATER */
	__u8 hook;
	__u16 ip_len;  /* IPv4 total length / IPv6 payload length */
	__u16 sport;
	__u16 dport;
	__u16 pad0;
	__u32 flowlabel;
	__u8 src[16];
	__u8 dst[16];
	/* outputs of the generated rt_value / rt_pool_pick */
	__u64 value;
	struct rt_member member;
	__u8 to[16]; /* the address set_addr writes */
	/* the tuple when rules start (flow table) */
	__u8 o_valid;
	__u8 o_proto;
	__u16 o_sport;
	__u16 o_dport;
	__u16 pad1;
	__u8 o_src[16];
	__u8 o_dst[16];
	/* bookkeeping of one packet */
	__u32 rule;
	__u32 counted;
	__u32 n_effects;
	__u32 cause;
	struct rt_effect effects[RT_MAX_EFFECTS];
	__u64 now;
	__u32 cfg_flags;
	__u32 iface;     /* redirect: interface slot */
	__u32 route_act; /* route: index of the action in rt_acts */
	__u32 sink;      /* receives otherwise unused arguments of global functions */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rt_pkt);
} rt_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RT_NUM_RULES + 1);
	__type(key, __u32);
	__type(value, struct rt_counter);
} rt_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RT_NUM_IFACES > 0 ? RT_NUM_IFACES : 1);
	__type(key, __u32);
	__type(value, __u32);
} rt_ifaces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rt_config);
} rt_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rt_result);
} rt_result SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, RT_RINGBUF_BYTES);
} rt_events SEC(".maps");

#if RT_HAS_NAT
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct rt_flow_key);
	__type(value, struct rt_flow_val);
} rt_flows SEC(".maps");
#endif

#if RT_HAS_LIMIT
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct rt_bucket_key);
	__type(value, struct rt_bucket);
} rt_buckets SEC(".maps");
#endif

static __always_inline struct rt_pkt *rt_pkt_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&rt_scratch, &zero);
}

/* The ifindex held by an interface slot (0 when the slot is unknown). */
static __always_inline __u32 rt_ifindex(__u32 slot)
{
	__u32 *v = bpf_map_lookup_elem(&rt_ifaces, &slot);
	return v ? *v : 0;
}

/* The address bytes as raw words (network order in memory, read as host integers). */
static __always_inline __u32 rt_raw32(const __u8 *a)
{
	__u32 v;
	__builtin_memcpy(&v, a, 4);
	return v;
}

static __always_inline __u64 rt_raw64(const __u8 *a)
{
	__u64 v;
	__builtin_memcpy(&v, a, 8);
	return v;
}

/* Equality of two addresses of one family (4 or 16 bytes). */
static __always_inline int rt_addr_eq(const __u8 *a, const __u8 *b, int family)
{
	if (family == 4)
		return rt_raw32(a) == rt_raw32(b);
	return rt_raw64(a) == rt_raw64(b) && rt_raw64(a + 8) == rt_raw64(b + 8);
}

/* Unsigned value of an IPv4 address / of the halves of an IPv6 address, for range search. */
static __always_inline __u64 rt_v4val(const __u8 *a)
{
	return bpf_ntohl(rt_raw32(a));
}

static __always_inline __u64 rt_v6hi(const __u8 *a)
{
	return bpf_be64_to_cpu(rt_raw64(a));
}

static __always_inline __u64 rt_v6lo(const __u8 *a)
{
	return bpf_be64_to_cpu(rt_raw64(a + 8));
}

/* The 6 wire bytes of a 48-bit MAC value. */
static __always_inline void rt_mac_bytes(__u64 v, __u8 *out)
{
	out[0] = v >> 40;
	out[1] = v >> 32;
	out[2] = v >> 24;
	out[3] = v >> 16;
	out[4] = v >> 8;
	out[5] = v;
}

/* Literal-set search (defined by the template after the generated tables). */
__noinline int rt_in_ranges(__u32 first, __u32 count, __u64 v);
__noinline int rt_in_ranges6(__u32 first, __u32 count, __u64 hi, __u64 lo);

/*
 * What the generated policy header provides to the template (besides the tables rt_rules,
 * rt_acts, rt_limits, rt_ranges, rt_ranges6):
 *   rt_next_match(start): the first rule id >= start whose condition holds; RT_NUM_RULES (the
 *       default) when none does.
 *   rt_value(id): evaluates value expression id into p->value; 1 when present, 0 when absent.
 *   rt_pool_pick(pool, hash): writes members[table[hash % M]] of the pool into p->member; 0,
 *       or -1 when the pool is empty.
 */
__noinline int rt_next_match(__u32 start);
__noinline int rt_value(__u32 id);
__noinline int rt_pool_pick(__u32 pool, __u32 hash);

#endif
