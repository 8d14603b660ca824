/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stub of the generated policy header, written by hand in the shape routec emits, so that the
 * static templates compile on their own. It turns on every hook and every optional part
 * (NAT with a pool, limits, literal ranges of both kinds, a set and a map).
 */
#ifndef RT_POLICY_H
#define RT_POLICY_H

#define RT_NUM_RULES 4
#define RT_NUM_ACTS 7
#define RT_MAX_ACTS 3
#define RT_NUM_IFACES 2
#define RT_NUM_LIMITS 1
#define RT_NUM_RANGES 3
#define RT_NUM_RANGES6 1
#define RT_NUM_POOLS 1
#define RT_NUM_VALUES 1
#define RT_HOOK_XDP 1
#define RT_HOOK_TC_INGRESS 1
#define RT_HOOK_TC_EGRESS 1
#define RT_HAS_NAT 1
#define RT_HAS_LIMIT 1

#include "rt_base.h"

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1024);
	__type(key, struct rt_lpm4);
	__type(value, __u8);
} rt_set_0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u16);
	__type(value, __u32);
} rt_map_0 SEC(".maps");

#define RT_POOL_0_M 1601
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct rt_member);
} rt_pool_0_mbr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RT_POOL_0_M);
	__type(key, __u32);
	__type(value, __s32);
} rt_pool_0_tbl SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} rt_pool_0_adr SEC(".maps");

static const struct rt_rule_acts rt_rules[RT_NUM_RULES + 1] RT_RODATA = {
	{0, 1}, {1, 2}, {3, 2}, {5, 1}, {6, 1},
};

static const struct rt_act rt_acts[RT_ALLOC(RT_NUM_ACTS)] RT_RODATA = {
	{.kind = RT_A_DROP},
	{.kind = RT_A_LIMIT, .arg = 0},
	{.kind = RT_A_NAT_POOL, .arg = 0},
	{.kind = RT_A_SET_MARK, .arg = 0},
	{.kind = RT_A_MIRROR, .arg = 1},
	{.kind = RT_A_REDIRECT, .arg = 0},
	{.kind = RT_A_PASS},
};

static const struct rt_limit rt_limits[RT_ALLOC(RT_NUM_LIMITS)] RT_RODATA = {
	{.rate = 1000, .cost = 1000000000ull, .cap = 2000000000000ull, .per = RT_PER_SRC},
};

static const struct rt_range rt_ranges[RT_ALLOC(RT_NUM_RANGES)] RT_RODATA = {
	{80, 80}, {443, 443}, {8000, 8099},
};

static const struct rt_range6 rt_ranges6[RT_ALLOC(RT_NUM_RANGES6)] RT_RODATA = {
	{0x20010db800000000ull, 0, 0x20010db8ffffffffull, 0xffffffffffffffffull},
};

/* rule 0 */
static __always_inline int rt_cond_0(struct rt_pkt *p)
{
	struct rt_lpm4 k = {.plen = 32};
	if (!(p->has & RT_P_V4))
		return 0;
	__builtin_memcpy(k.addr, p->src, 4);
	return bpf_map_lookup_elem(&rt_set_0, &k) != 0;
}

/* rule 1 */
static __always_inline int rt_cond_1(struct rt_pkt *p)
{
	return (p->has & RT_P_TCPF) && (p->tcp_flags & RT_TCP_SYN) && !((p->has & RT_P_TCPF) && (p->tcp_flags & RT_TCP_ACK));
}

/* rule 2 */
static __always_inline int rt_cond_2(struct rt_pkt *p)
{
	return (p->has & RT_P_PORTS) && rt_in_ranges(0, 3, p->dport);
}

/* rule 3 */
static __always_inline int rt_cond_3(struct rt_pkt *p)
{
	return ((p->has & RT_P_V6) && rt_in_ranges6(0, 1, rt_v6hi(p->src), rt_v6lo(p->src))) ||
	       p->ifindex == rt_ifindex(0);
}

__noinline int rt_chunk_0(__u32 start)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p)
		return -1;
	if (start <= 0 && rt_cond_0(p))
		return 0;
	if (start <= 1 && rt_cond_1(p))
		return 1;
	if (start <= 2 && rt_cond_2(p))
		return 2;
	if (start <= 3 && rt_cond_3(p))
		return 3;
	return -1;
}

__noinline int rt_next_match(__u32 start)
{
	int r;
	if (start <= 3) {
		r = rt_chunk_0(start);
		if (r >= 0)
			return r;
	}
	return RT_NUM_RULES;
}

/* value 0 */
static __always_inline int rt_value_0(struct rt_pkt *p)
{
	__u16 k;
	const __u32 *v;
	if (!(p->has & RT_P_PORTS))
		return 0;
	k = p->dport;
	v = bpf_map_lookup_elem(&rt_map_0, &k);
	p->value = v ? *v : 7;
	return 1;
}

__noinline int rt_value(__u32 id)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p)
		return 0;
	switch (id) {
	case 0:
		return rt_value_0(p);
	default:
		p->sink = id;
		return 0;
	}
}

__noinline int rt_pool_pick(__u32 pool, __u32 hash)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p)
		return -1;
	__u32 slot;
	__s32 *idx;
	struct rt_member *m;
	switch (pool) {
	case 0:
		slot = hash % RT_POOL_0_M;
		idx = bpf_map_lookup_elem(&rt_pool_0_tbl, &slot);
		if (!idx || *idx < 0)
			return -1;
		slot = *idx;
		m = bpf_map_lookup_elem(&rt_pool_0_mbr, &slot);
		if (!m)
			return -1;
		p->member = *m;
		return 0;
	default:
		p->sink = pool ^ hash;
		return -1;
	}
}

#endif
