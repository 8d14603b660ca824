// SPDX-License-Identifier: GPL-2.0
/*
 * rt_main.bpf.c — the static eBPF program of every routec policy. It includes the one header
 * the compiler generates per policy (rt_policy.h: constants, the policy's maps and tables, the
 * decision code) and instantiates the datapath of rt_hook.h for each kind of hook the policy
 * attaches at. See docs/datapath-abi.md for the programs, maps and layouts.
 */
#include "rt_policy.h"
#include "rt_dp.h"

/* ---- literal-set search: binary search over sorted disjoint intervals (global: verified once) */

__noinline int rt_in_ranges(__u32 first, __u32 count, __u64 v)
{
	__u32 lo = 0, hi = count;
	for (int i = 0; i < 32; i++) {
		if (lo >= hi)
			break;
		__u32 mid = lo + (hi - lo) / 2;
		__u32 at = first + mid;
		if (at >= RT_ALLOC(RT_NUM_RANGES))
			return 0;
		const struct rt_range *r = &rt_ranges[at];
		if (v < r->lo)
			hi = mid;
		else if (v > r->hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static __always_inline int rt_cmp128(__u64 ah, __u64 al, __u64 bh, __u64 bl)
{
	if (ah != bh)
		return ah < bh ? -1 : 1;
	if (al != bl)
		return al < bl ? -1 : 1;
	return 0;
}

__noinline int rt_in_ranges6(__u32 first, __u32 count, __u64 hi, __u64 lo)
{
	__u32 l = 0, h = count;
	for (int i = 0; i < 32; i++) {
		if (l >= h)
			break;
		__u32 mid = l + (h - l) / 2;
		__u32 at = first + mid;
		if (at >= RT_ALLOC(RT_NUM_RANGES6))
			return 0;
		const struct rt_range6 *r = &rt_ranges6[at];
		if (rt_cmp128(hi, lo, r->lo_hi, r->lo_lo) < 0)
			h = mid;
		else if (rt_cmp128(hi, lo, r->hi_hi, r->hi_lo) > 0)
			l = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* ---- the hooks */

#if RT_HOOK_TC_INGRESS || RT_HOOK_TC_EGRESS
#define RT_TC 1
#define RT_CTX struct __sk_buff
#define RT_FN(x) rt_tc_##x
#include "rt_hook.h"
#undef RT_TC
#undef RT_CTX
#undef RT_FN
#endif

#if RT_HOOK_XDP
#define RT_TC 0
#define RT_CTX struct xdp_md
#define RT_FN(x) rt_xdp_##x
#include "rt_hook.h"
#undef RT_TC
#undef RT_CTX
#undef RT_FN
#endif

#if RT_HOOK_TC_INGRESS
SEC("tc")
int rt_tc_ingress(struct __sk_buff *skb)
{
	return rt_tc_main(skb, RT_HOOK_ID_TC_INGRESS);
}
#endif

#if RT_HOOK_TC_EGRESS
SEC("tc")
int rt_tc_egress(struct __sk_buff *skb)
{
	return rt_tc_main(skb, RT_HOOK_ID_TC_EGRESS);
}
#endif

#if RT_HOOK_XDP
SEC("xdp")
int rt_xdp(struct xdp_md *ctx)
{
	return rt_xdp_main(ctx, RT_HOOK_ID_XDP);
}
#endif

char LICENSE[] SEC("license") = "GPL";
