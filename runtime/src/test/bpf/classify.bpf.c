// SPDX-License-Identifier: GPL-2.0
/*
 * Test programs for the runtime's kernel tests (not routec's generated code):
 *  - tc_classify / xdp_classify look the IPv4 destination up in an LPM trie (routes) and the IP
 *    protocol in a hash map (proto_marks); a route says drop/pass/reflect and carries a mark.
 *  - per-CPU packet counters, and a map pinned by name to test pin roots.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define ACT_PASS 0
#define ACT_DROP 1
#define ACT_REFLECT 2 /* swap MACs and bounce (XDP_TX) — changes the output packet */

struct lpm_v4 {
	__u32 prefixlen;
	__u32 addr; /* network byte order */
};

struct route {
	__u32 action;
	__u32 mark;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_v4);
	__type(value, struct route);
} routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u32);
} proto_marks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rt_pinned_cfg SEC(".maps");

static __always_inline void count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &slot);

	if (c)
		*c += 1;
}

/* Returns the IPv4 header or NULL (not IPv4, or truncated). */
static __always_inline struct iphdr *ipv4(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return NULL;
	return ip;
}

static __always_inline struct route *route_of(struct iphdr *ip)
{
	struct lpm_v4 key = { .prefixlen = 32, .addr = ip->daddr };

	return bpf_map_lookup_elem(&routes, &key);
}

static __always_inline __u32 proto_mark(struct iphdr *ip)
{
	__u32 proto = ip->protocol;
	__u32 *m = bpf_map_lookup_elem(&proto_marks, &proto);

	return m ? *m : 0;
}

SEC("tc")
int tc_classify(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = ipv4(data, data_end);
	struct route *r;

	count(0);
	if (!ip)
		return TC_ACT_OK;
	r = route_of(ip);
	if (r) {
		skb->mark = r->mark;
		return r->action == ACT_DROP ? TC_ACT_SHOT : TC_ACT_OK;
	}
	skb->mark = proto_mark(ip);
	return TC_ACT_OK;
}

SEC("xdp")
int xdp_classify(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = ipv4(data, data_end);
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN];
	struct route *r;

	count(1);
	if (!ip || !(r = route_of(ip)))
		return XDP_PASS;
	if (r->action == ACT_DROP)
		return XDP_DROP;
	if (r->action == ACT_REFLECT) {
		__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
		__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
		return XDP_TX;
	}
	return XDP_PASS;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
