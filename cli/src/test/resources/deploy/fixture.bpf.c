// A hand-written stand-in for what `routec compile` emits for fx.route (docs/datapath-abi.md):
// the same program and map names, types and layouts, so deployment can be tested on its own.
// Built by the tests with clang; -DV2 adds a second set (new declaration) before `blocked`.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef SET_CAPACITY
#define SET_CAPACITY 1024
#endif
#ifndef SET_KEY
#define SET_KEY __u32
#endif

struct rt_counter { __u64 packets, bytes, limited, pool_empty; };
struct rt_member { __u8 addr[4]; __be16 port; __u16 pad; };
struct rt_event {
    __u64 time_ns; __u32 rule; __u16 tag; __u8 hook; __u8 pad;
    __u32 ifindex; __u32 mark; __u32 len; __u16 cap_len; __u16 pad2; __u8 data[128];
};

#ifdef V2
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u16); __type(value, __u8); __uint(max_entries, 1024); } rt_set_0 SEC(".maps");
#define BLOCKED rt_set_1
#define NRULES 4
#else
#define BLOCKED rt_set_0
#define NRULES 3
#endif
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, SET_KEY); __type(value, __u8); __uint(max_entries, SET_CAPACITY); } BLOCKED SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, struct rt_member); __uint(max_entries, 4); } rt_pool_0_mbr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __s32); __uint(max_entries, 401); } rt_pool_0_tbl SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u32); __uint(max_entries, 4); } rt_pool_0_adr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __type(key, __u32); __type(value, struct rt_counter); __uint(max_entries, NRULES + 1); } rt_counters SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u32); __uint(max_entries, 1); } rt_ifaces SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u8[16]); __uint(max_entries, 1); } rt_config SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u8[96]); __uint(max_entries, 1); } rt_result SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 262144); } rt_events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __type(key, __u8[40]); __type(value, __u8[36]); __uint(max_entries, 65536); } rt_flows SEC(".maps");

static __always_inline void count(__u32 rule, __u32 len) {
    struct rt_counter *c = bpf_map_lookup_elem(&rt_counters, &rule);
    if (c) { c->packets++; c->bytes += len; }
}

SEC("tc")
int rt_tc_ingress(struct __sk_buff *skb) {
    void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    __u32 len = skb->len, dflt = NRULES;
    __u32 zero = 0;
    __u32 *slot0 = bpf_map_lookup_elem(&rt_ifaces, &zero);
    if (slot0 && *slot0 == 0) { count(dflt, len); return TC_ACT_SHOT; } /* interface slots not filled: visible */
    if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP)) { count(dflt, len); return TC_ACT_OK; }
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end) { count(dflt, len); return TC_ACT_OK; }
    SET_KEY src = ip->saddr;
    if (bpf_map_lookup_elem(&BLOCKED, &src)) {
        count(NRULES - 3, len);
        struct rt_event *e = bpf_ringbuf_reserve(&rt_events, sizeof(*e), 0);
        if (e) {
            __builtin_memset(e, 0, sizeof(*e));
            e->time_ns = bpf_ktime_get_ns();
            e->rule = NRULES - 3;
            e->tag = 1;
            e->hook = 1;
            e->ifindex = skb->ingress_ifindex;
            e->len = len;
            if (len >= 64 && bpf_skb_load_bytes(skb, 0, e->data, 64) == 0) e->cap_len = 64;
            bpf_ringbuf_submit(e, 0);
        }
        return TC_ACT_SHOT;
    }
    if (ip->protocol == IPPROTO_ICMP) count(NRULES - 2, len);
    count(dflt, len);
    return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
