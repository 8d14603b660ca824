// SPDX-License-Identifier: GPL-2.0
/* Deliberately rejected by the verifier: reads the packet without a bounds check. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_unchecked(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;

	return data[23] == 1 ? XDP_DROP : XDP_PASS; /* no 'data + 24 > data_end' check */
}

char LICENSE[] SEC("license") = "GPL";
