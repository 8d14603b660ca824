// SPDX-License-Identifier: GPL-2.0
/* Test program for the ring-buffer reader: every packet emits one event {seq, len}. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 seq;
	__u32 len;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} seq SEC(".maps");

SEC("tc")
int tc_events(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u32 *n = bpf_map_lookup_elem(&seq, &zero);
	struct event *e;

	if (!n)
		return TC_ACT_OK;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return TC_ACT_OK;
	e->seq = __sync_fetch_and_add(n, 1);
	e->len = skb->len;
	bpf_ringbuf_submit(e, 0);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
