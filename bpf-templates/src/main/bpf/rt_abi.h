/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_abi.h — the datapath ABI shared with user space (docs/datapath-abi.md). Every structure
 * that user space reads or writes is defined here, with its size checked; the Java side is
 * dev.routec.compiler.emit.MapLayout. Private structures live in the other headers.
 */
#ifndef RT_ABI_H
#define RT_ABI_H

#include <linux/types.h>

/* Verdicts as reported in rt_result (and the order of Verdict in the compiler). */
#define RT_V_PASS 0
#define RT_V_DROP 1
#define RT_V_REDIRECT 2
#define RT_V_ROUTE 3
/* Returned by an action that does not decide the packet. */
#define RT_V_CONT 0xff

/* Why the deciding rule decided. */
#define RT_CAUSE_VERDICT 0
#define RT_CAUSE_LIMIT 1
#define RT_CAUSE_POOL 2

/* Hook ids (rt_event.hook). */
#define RT_HOOK_ID_XDP 0
#define RT_HOOK_ID_TC_INGRESS 1
#define RT_HOOK_ID_TC_EGRESS 2

/* rt_config.flags */
#define RT_CFG_SIM 1u
/* simulation: rt_config.len is the packet's length even when it is 0 */
#define RT_CFG_LEN 2u

/* rt_result effect kinds */
#define RT_EFF_MIRROR 1
#define RT_EFF_LOG 2
#define RT_MAX_EFFECTS 8

#define RT_NO_IFACE 0xffff
#define RT_EVENT_DATA 128
#define RT_RINGBUF_BYTES (256 * 1024)

/* rt_pool_N_mbr values: address and port in network order. */
struct rt_member {
	__u8 addr[4];
	__be16 port;
	__u16 pad;
};

/* rt_counters values (per CPU). */
struct rt_counter {
	__u64 packets;
	__u64 bytes;
	__u64 limited;
	__u64 pool_empty;
};

/* rt_config[0]: written by user space only. */
struct rt_config {
	__u64 clock_ns; /* non-zero: the clock for limit (simulation) */
	__u32 flags;    /* RT_CFG_SIM, RT_CFG_LEN */
	__u32 len;      /* simulation: the packet's length when non-zero or RT_CFG_LEN (ABI section 7) */
};

struct rt_effect {
	__u32 rule;
	__u16 kind;
	__u16 arg;
};

/* rt_result[0]: written per packet in simulation mode. */
struct rt_result {
	__u32 seq;
	__u32 rule;
	__u8 verdict;
	__u8 cause;
	__u16 iface;
	__u32 mark;
	__u32 n_effects;
	__u32 pad;
	struct rt_effect effects[RT_MAX_EFFECTS];
	__u32 n_counted;
	__u32 pad2;
};

/* rt_events records. */
struct rt_event {
	__u64 time_ns;
	__u32 rule;
	__u16 tag;
	__u8 hook;
	__u8 pad;
	__u32 ifindex;
	__u32 mark;
	__u32 len;
	__u16 cap_len;
	__u16 pad2;
	__u8 data[RT_EVENT_DATA];
};

/* rt_flows (dev.routec.compiler.datapath.FlowTable). */
struct rt_flow_key {
	__u8 family;
	__u8 proto;
	__be16 sport;
	__be16 dport;
	__u16 pad;
	__u8 src[16];
	__u8 dst[16];
};

struct rt_flow_val {
	__u8 src[16];
	__u8 dst[16];
	__be16 sport;
	__be16 dport;
};

/* rt_buckets (dev.routec.compiler.datapath.TokenBucket). */
struct rt_bucket_key {
	__u32 limit_id;
	__u8 family;
	__u8 proto;
	__be16 sport;
	__be16 dport;
	__u16 pad;
	__u8 src[16];
	__u8 dst[16];
} __attribute__((packed));

struct rt_bucket {
	__u64 tokens;
	__u64 last_ns;
};

/* Keys/values of IPv6 addresses and MACs (wire order). */
struct rt_in6 {
	__u8 a[16];
};

struct rt_mac {
	__u8 a[6];
};

/* LPM trie keys of prefix sets and maps. */
struct rt_lpm4 {
	__u32 plen;
	__u8 addr[4];
};

struct rt_lpm6 {
	__u32 plen;
	__u8 addr[16];
};

_Static_assert(sizeof(struct rt_member) == 8, "rt_member");
_Static_assert(sizeof(struct rt_counter) == 32, "rt_counter");
_Static_assert(sizeof(struct rt_config) == 16, "rt_config");
_Static_assert(sizeof(struct rt_result) == 96, "rt_result");
_Static_assert(sizeof(struct rt_event) == 160, "rt_event");
_Static_assert(sizeof(struct rt_flow_key) == 40, "rt_flow_key");
_Static_assert(sizeof(struct rt_flow_val) == 36, "rt_flow_val");
_Static_assert(sizeof(struct rt_bucket_key) == 44, "rt_bucket_key");
_Static_assert(sizeof(struct rt_bucket) == 16, "rt_bucket");
_Static_assert(sizeof(struct rt_lpm4) == 8, "rt_lpm4");
_Static_assert(sizeof(struct rt_in6) == 16, "rt_in6");
_Static_assert(sizeof(struct rt_mac) == 6, "rt_mac");
_Static_assert(sizeof(struct rt_lpm6) == 20, "rt_lpm6");

/*
 * Compiler-generated read-only tables (in .rodata, private to the object, described here
 * because the generated header fills them and the template reads them).
 */

/* Action kinds. */
#define RT_A_PASS 1
#define RT_A_DROP 2
#define RT_A_REDIRECT 3
#define RT_A_ROUTE 4
#define RT_A_NAT 5
#define RT_A_NAT_POOL 6
#define RT_A_SET_MARK 7
#define RT_A_SET_DSCP 8
#define RT_A_SET_TTL 9
#define RT_A_MIRROR 10
#define RT_A_LIMIT 11
#define RT_A_LOG 12
#define RT_A_CONTINUE 13

/* Action flags. */
#define RT_AF_SRC 1      /* NAT: source side (snat) */
#define RT_AF_PORT 2     /* NAT: with a port */
#define RT_AF_V6 4       /* NAT/route via: the address is IPv6 */
#define RT_AF_CONST 8    /* set: the value is the constant in .value */
#define RT_AF_TABLE 16   /* route: table in .value */
#define RT_AF_VIA 32     /* route: via .addr */
#define RT_AF_MEMBER_PORT 64 /* NAT to a pool: members carry ports (ipv4:port), 0 included */

struct rt_act {
	__u8 kind;
	__u8 flags;
	__u16 arg;   /* iface slot, pool id, limit id, log tag id + 1, value id */
	__u16 port;  /* NAT port, host order */
	__u16 pad;
	__u32 value; /* constant value of set mark/dscp/ttl, route table */
	__u32 pad2;
	__u8 addr[16]; /* NAT address, route via (network order) */
};

struct rt_rule_acts {
	__u32 first; /* index into rt_acts */
	__u32 count;
};

/* limit parameters (TokenBucket.Params) and the key parts (per). */
#define RT_PER_NONE 0
#define RT_PER_SRC 1
#define RT_PER_DST 2
#define RT_PER_FLOW 3
struct rt_limit {
	__u64 rate;
	__u64 cost;
	__u64 cap;
	__u32 per;
	__u32 pad;
};

/* Sorted, disjoint closed intervals of literal sets (integers, IPv4 as u32, MACs as u48). */
struct rt_range {
	__u64 lo;
	__u64 hi;
};

/* The same for IPv6 addresses as (hi, lo) 64-bit halves in host order. */
struct rt_range6 {
	__u64 lo_hi;
	__u64 lo_lo;
	__u64 hi_hi;
	__u64 hi_lo;
};

_Static_assert(sizeof(struct rt_act) == 32, "rt_act");
_Static_assert(sizeof(struct rt_limit) == 32, "rt_limit");

#endif
