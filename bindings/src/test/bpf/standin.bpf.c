// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-written stand-in for what `routec compile` emits for this policy, with the maps of
 * docs/datapath-abi.md §2-§5 (names, types, key and value layouts), so the bindings' tables can be
 * tested against the kernel without the compiler's back end:
 *
 *   policy edge {
 *     set  blocked   : prefix4 capacity 64
 *     map  tenant_of : prefix4 -> u32 capacity 16
 *     pool web       : ipv4 capacity 4
 *     rule drop_blocked when src in blocked   do drop
 *     rule tag_tenant   when src in tenant_of do set mark = tenant_of[src]
 *     rule to_web       when dst in web       do drop
 *     default pass
 *   }
 *
 * Not routec's generated code: no packet parsing beyond an untagged IPv4 header.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct rt_lpm4 {
	__u32 prefixlen; /* host */
	__u8 addr[4];	 /* net */
};

struct rt_member {
	__u8 addr[4];
	__be16 port;
	__u16 pad;
};

struct rt_counter {
	__u64 packets;
	__u64 bytes;
	__u64 limited;
	__u64 pool_empty;
};

_Static_assert(sizeof(struct rt_lpm4) == 8, "prefix4 key");
_Static_assert(sizeof(struct rt_member) == 8, "member");
_Static_assert(sizeof(struct rt_counter) == 32, "counter");

#define RULES 3
#define POOL_TABLE 401 /* Maglev.tableSize(4) */

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct rt_lpm4);
	__type(value, __u8);
} rt_set_0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct rt_lpm4);
	__type(value, __u32);
} rt_map_0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct rt_member);
} rt_pool_0_mbr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, POOL_TABLE);
	__type(key, __u32);
	__type(value, __s32);
} rt_pool_0_tbl SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32); /* 4 bytes, net */
	__type(value, __u32);
} rt_pool_0_adr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RULES + 1);
	__type(key, __u32);
	__type(value, struct rt_counter);
} rt_counters SEC(".maps");

static __always_inline void count(__u32 rule, __u32 len)
{
	struct rt_counter *c = bpf_map_lookup_elem(&rt_counters, &rule);

	if (c) {
		c->packets += 1;
		c->bytes += len;
	}
}

SEC("tc")
int rt_tc_ingress(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct rt_lpm4 src = { .prefixlen = 32 };
	__u32 *tenant, dst;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP)) {
		count(RULES, skb->len);
		return TC_ACT_OK;
	}
	__builtin_memcpy(src.addr, &ip->saddr, 4);
	if (bpf_map_lookup_elem(&rt_set_0, &src)) {
		count(0, skb->len);
		return TC_ACT_SHOT;
	}
	tenant = bpf_map_lookup_elem(&rt_map_0, &src);
	if (tenant) {
		skb->mark = *tenant;
		count(1, skb->len);
	}
	dst = ip->daddr;
	if (bpf_map_lookup_elem(&rt_pool_0_adr, &dst)) {
		count(2, skb->len);
		return TC_ACT_SHOT;
	}
	count(RULES, skb->len);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
