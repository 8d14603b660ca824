// SPDX-License-Identifier: GPL-2.0
/* Test helper: tags every packet leaving the device with VLAN 10 (into the skb's metadata). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc")
int push_vlan10(struct __sk_buff *skb)
{
	bpf_skb_vlan_push(skb, bpf_htons(0x8100), 10);
	return 0; /* TC_ACT_OK */
}

char LICENSE[] SEC("license") = "GPL";
