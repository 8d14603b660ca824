/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt_hook.h — the per-hook datapath, written once and instantiated per context type by
 * rt_main.bpf.c (no include guard on purpose). Before including, define:
 *   RT_TC      1 for TC (struct __sk_buff), 0 for XDP (struct xdp_md)
 *   RT_CTX     the context type
 *   RT_FN(x)   the name of this instantiation's function x
 *
 * Packet bytes are read and written only through the load/store helpers, so every read is
 * bounds-checked by the kernel against the real packet length (truncation-safe, works on
 * non-linear skbs) and no packet pointer is ever invalidated by a rewrite.
 */

#if RT_TC
#define RT_LOAD(ctx, off, buf, n) bpf_skb_load_bytes((ctx), (off), (buf), (n))
#define RT_STORE(ctx, off, buf, n) bpf_skb_store_bytes((ctx), (off), (buf), (n), 0)
#define RT_OK TC_ACT_OK
#define RT_SHOT TC_ACT_SHOT
#else
#define RT_LOAD(ctx, off, buf, n) bpf_xdp_load_bytes((ctx), (off), (buf), (n))
#define RT_STORE(ctx, off, buf, n) bpf_xdp_store_bytes((ctx), (off), (buf), (n))
#define RT_OK XDP_PASS
#define RT_SHOT XDP_DROP
#endif

#ifndef RT_HOOK_COMMON
#define RT_HOOK_COMMON
/* Hook-independent helpers (defined by the first instantiation). */

static __always_inline int rt_is_ext(__u8 n)
{
	return n == 0 || n == 43 || n == 44 || n == 60;
}

#if RT_HAS_NAT
static __always_inline void rt_snapshot(struct rt_pkt *p)
{
	p->o_valid = 1;
	p->o_proto = (p->has & RT_P_PROTO) ? p->proto : 0;
	p->o_sport = (p->has & RT_P_PORTS) ? p->sport : 0;
	p->o_dport = (p->has & RT_P_PORTS) ? p->dport : 0;
	__builtin_memcpy(p->o_src, p->src, 16);
	__builtin_memcpy(p->o_dst, p->dst, 16);
}

/* After a verdict other than drop: remember reply(F) -> reply(O) when NAT changed the tuple. */
static __always_inline void rt_record_flow(struct rt_pkt *p)
{
	__u16 sp = (p->has & RT_P_PORTS) ? p->sport : 0;
	__u16 dp = (p->has & RT_P_PORTS) ? p->dport : 0;
	if (rt_addr_eq(p->src, p->o_src, p->family) && rt_addr_eq(p->dst, p->o_dst, p->family) && sp == p->o_sport &&
	    dp == p->o_dport)
		return;
	struct rt_flow_key k = {};
	struct rt_flow_val v = {};
	k.family = p->family;
	k.proto = p->o_proto;
	k.sport = bpf_htons(dp);
	k.dport = bpf_htons(sp);
	__builtin_memcpy(k.src, p->dst, 16);
	__builtin_memcpy(k.dst, p->src, 16);
	__builtin_memcpy(v.src, p->o_dst, 16);
	__builtin_memcpy(v.dst, p->o_src, 16);
	v.sport = bpf_htons(p->o_dport);
	v.dport = bpf_htons(p->o_sport);
	bpf_map_update_elem(&rt_flows, &k, &v, BPF_ANY);
}
#endif

static __always_inline void rt_effect(struct rt_pkt *p, __u16 kind, __u16 arg)
{
	__u32 n = p->n_effects;
	if (n < RT_MAX_EFFECTS) {
		p->effects[n].rule = p->rule;
		p->effects[n].kind = kind;
		p->effects[n].arg = arg;
	}
	p->n_effects = n + 1;
}

static __always_inline void rt_count_extra(__u32 rule, int limited)
{
	struct rt_counter *c = bpf_map_lookup_elem(&rt_counters, &rule);
	if (!c)
		return;
	if (limited)
		c->limited++;
	else
		c->pool_empty++;
}

static __always_inline void rt_count(struct rt_pkt *p, __u32 rule)
{
	struct rt_counter *c = bpf_map_lookup_elem(&rt_counters, &rule);
	if (c) {
		c->packets++;
		c->bytes += p->len;
	}
	p->counted++;
}

static __always_inline void rt_write_result(struct rt_pkt *p, __u32 verdict)
{
	__u32 zero = 0;
	struct rt_result *r = bpf_map_lookup_elem(&rt_result, &zero);
	if (!r)
		return;
	r->seq++;
	r->rule = p->rule;
	r->verdict = verdict;
	r->cause = p->cause;
	r->iface = verdict == RT_V_REDIRECT ? p->iface : RT_NO_IFACE;
	r->mark = p->mark;
	r->n_effects = p->n_effects;
	r->pad = 0;
	__builtin_memcpy(r->effects, p->effects, sizeof(r->effects));
	r->n_counted = p->counted;
	r->pad2 = 0;
}
#endif

/* ------------------------------------------------------------------ parsing (PacketView) */

static __always_inline void RT_FN(parse_eth)(RT_CTX *ctx, struct rt_pkt *p)
{
	__u8 e[14];
	if (RT_LOAD(ctx, 0, e, 14))
		return;
	p->has |= RT_P_ETH;
	p->eth_dst = ((__u64)e[0] << 40) | ((__u64)e[1] << 32) | ((__u64)e[2] << 24) | ((__u64)e[3] << 16) |
		     ((__u64)e[4] << 8) | e[5];
	p->eth_src = ((__u64)e[6] << 40) | ((__u64)e[7] << 32) | ((__u64)e[8] << 24) | ((__u64)e[9] << 16) |
		     ((__u64)e[10] << 8) | e[11];
	__u16 type = ((__u16)e[12] << 8) | e[13];
	__u32 off = 14;
	__u32 tags = 0;
#if RT_TC
	/* the outer tag may already be in the skb's metadata (stripped by the kernel) */
	if (ctx->vlan_present) {
		tags = 1;
		p->vlan_id = ctx->vlan_tci & 0x0fff;
	}
#endif
#pragma unroll
	for (int i = 0; i < 2; i++) {
		__u8 t[4];
		if (tags >= 2 || (type != ETH_P_8021Q && type != ETH_P_8021AD) || off + 4 > p->len)
			break;
		if (RT_LOAD(ctx, off, t, 4))
			break;
		if (tags == 0)
			p->vlan_id = (((__u16)t[0] << 8) | t[1]) & 0x0fff;
		type = ((__u16)t[2] << 8) | t[3];
		off += 4;
		tags++;
	}
	if (tags)
		p->has |= RT_P_VLAN;
	p->vlan_tags = tags;
	p->eth_type = type;
	p->l3 = off;
}

static __always_inline void RT_FN(parse_v4)(RT_CTX *ctx, struct rt_pkt *p)
{
	__u8 h[20];
	__u32 off = p->l3;
	if (off + 20 > p->len || RT_LOAD(ctx, off, h, 20))
		return;
	__u32 hl = (h[0] & 0x0f) * 4;
	if ((h[0] >> 4) != 4 || hl < 20 || off + hl > p->len)
		return;
	p->has |= RT_P_V4 | RT_P_PROTO;
	p->family = 4;
	p->tos = h[1];
	p->ip_len = ((__u16)h[2] << 8) | h[3];
	__u16 frag = ((__u16)h[6] << 8) | h[7];
	if (frag & 0x3fff)
		p->frag |= RT_FRAG;
	if (frag & 0x1fff)
		p->frag |= RT_FRAG_LATER;
	p->ttl = h[8];
	p->nexthdr = h[9];
	p->proto = h[9];
	__builtin_memcpy(p->src, h + 12, 4);
	__builtin_memcpy(p->dst, h + 16, 4);
	p->ihl = hl;
	p->l4 = off + hl;
	if (!(p->frag & RT_FRAG_LATER))
		p->has |= RT_P_L4;
}


static __always_inline void RT_FN(parse_v6)(RT_CTX *ctx, struct rt_pkt *p)
{
	__u8 h[40];
	__u32 off = p->l3;
	if (off + 40 > p->len || RT_LOAD(ctx, off, h, 40))
		return;
	if ((h[0] >> 4) != 6)
		return;
	p->has |= RT_P_V6;
	p->family = 6;
	p->tos = ((h[0] & 0x0f) << 4) | (h[1] >> 4);
	p->flowlabel = (((__u32)h[1] & 0x0f) << 16) | ((__u32)h[2] << 8) | h[3];
	p->ip_len = ((__u16)h[4] << 8) | h[5];
	p->nexthdr = h[6];
	p->ttl = h[7];
	__builtin_memcpy(p->src, h + 8, 16);
	__builtin_memcpy(p->dst, h + 24, 16);
	p->ihl = 40;
	__u8 next = h[6];
	__u32 pos = off + 40;
	int frag = 0, more = 0;
	__u32 fragoff = 0;
#pragma unroll
	for (int count = 0; count < 5; count++) {
		if (!rt_is_ext(next))
			break;
		if (count == 4)
			goto absent;
		__u8 x[8];
		if (next == 44) {
			if (pos + 8 > p->len || RT_LOAD(ctx, pos, x, 8))
				goto absent;
			frag = 1;
			fragoff = (((__u32)x[2] << 8) | x[3]) >> 3;
			more = x[3] & 1;
			if (fragoff > 0) {
				next = x[0];
				pos += 8;
				break;
			}
			next = x[0];
			pos += 8;
		} else {
			if (pos + 2 > p->len || RT_LOAD(ctx, pos, x, 2))
				goto absent;
			__u32 size = ((__u32)x[1] + 1) * 8;
			if (pos + size > p->len)
				goto absent;
			next = x[0];
			pos += size;
		}
	}
	if (frag && (fragoff > 0 || more))
		p->frag |= RT_FRAG;
	if (fragoff > 0)
		p->frag |= RT_FRAG_LATER;
	p->has |= RT_P_PROTO;
	p->proto = next;
	p->l4 = pos;
	if (!fragoff)
		p->has |= RT_P_L4;
	return;
absent:
	if (frag && (fragoff > 0 || more))
		p->frag |= RT_FRAG;
	if (fragoff > 0)
		p->frag |= RT_FRAG_LATER;
}

static __always_inline void RT_FN(parse_l4)(RT_CTX *ctx, struct rt_pkt *p)
{
	__u32 hdr = 0;
	__u8 pr = p->proto;
	if (pr == 6)
		hdr = 20;
	else if (pr == 17)
		hdr = 8;
	else if (pr == 132)
		hdr = 12;
	else if (pr == 1 && p->family == 4)
		hdr = 8;
	else if (pr == 58 && p->family == 6)
		hdr = 8;
	if (!hdr || p->l4 + hdr > p->len)
		return;
	__u8 b[4];
	if (RT_LOAD(ctx, p->l4, b, 4))
		return;
	if (pr == 1 || pr == 58) {
		p->has |= RT_P_ICMP;
		p->icmp_type = b[0];
		p->icmp_code = b[1];
		return;
	}
	p->has |= RT_P_PORTS;
	p->sport = ((__u16)b[0] << 8) | b[1];
	p->dport = ((__u16)b[2] << 8) | b[3];
	if (pr == 6) {
		__u8 f = 0;
		if (RT_LOAD(ctx, p->l4 + 13, &f, 1))
			return;
		p->has |= RT_P_TCPF;
		p->tcp_flags = f;
	}
}

/* Parses the packet into the scratch struct rt_pkt (a global function: verified once). */
__noinline int RT_FN(parse)(RT_CTX *ctx, __u32 hook)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p)
		return -1;
	__builtin_memset(p, 0, sizeof(*p));
	p->hook = hook;
#if RT_TC
	p->len = ctx->len;
	p->ifindex = ctx->ingress_ifindex;
	p->mark = ctx->mark;
	p->has |= RT_P_MARK;
#else
	p->len = bpf_xdp_get_buff_len(ctx);
	p->ifindex = ctx->ingress_ifindex;
#endif
	__u32 zero = 0;
	struct rt_config *cfg = bpf_map_lookup_elem(&rt_config, &zero);
	if (cfg && (cfg->flags & RT_CFG_SIM) && (cfg->len || (cfg->flags & RT_CFG_LEN)))
		p->len = cfg->len;
	if (p->len < 14)
		return 0;
	RT_FN(parse_eth)(ctx, p);
	if (!(p->has & RT_P_ETH))
		return 0;
	if (p->eth_type == ETH_P_IP)
		RT_FN(parse_v4)(ctx, p);
	else if (p->eth_type == ETH_P_IPV6)
		RT_FN(parse_v6)(ctx, p);
	if (p->has & RT_P_L4)
		RT_FN(parse_l4)(ctx, p);
	return 0;
}

/* ------------------------------------------------------------------ rewrites (Rewriter) */

#if !RT_TC
/* XDP: read a 16-bit checksum, replace it incrementally, write it back. */
static __always_inline void RT_FN(csum)(RT_CTX *ctx, __u32 off, const __u8 *from, const __u8 *to, int n, int udp)
{
	__u8 c[2];
	if (RT_LOAD(ctx, off, c, 2))
		return;
	__u16 check = ((__u16)c[0] << 8) | c[1];
	__u16 r = udp ? rt_csum_replace_udp(check, from, to, n) : rt_csum_replace(check, from, to, n);
	c[0] = r >> 8;
	c[1] = r;
	RT_STORE(ctx, off, c, 2);
}
#endif

/*
 * Sets the source (src != 0) or destination address to p->to, fixing the checksums (Rewriter.address);
 * the caller checked the family. A global function: verified once.
 */
__noinline int RT_FN(set_addr)(RT_CTX *ctx, __u32 src)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p)
		return -1;
	__u8 from[16];
	__u8 next[16];
	__u8 *cur = src ? p->src : p->dst;
	__builtin_memcpy(from, cur, 16);
	__builtin_memcpy(next, p->to, 16);
	__u32 l3 = p->l3;
	__u32 l4 = p->l4;
	int has_l4 = p->has & RT_P_L4;
	if (p->family == 4) {
		__u32 at = l3 + (src ? 12 : 16);
		if (RT_STORE(ctx, at, next, 4))
			return 0;
		__builtin_memcpy(cur, next, 4);
#if RT_TC
		bpf_l3_csum_replace(ctx, l3 + 10, rt_raw32(from), rt_raw32(next), 4);
		if (has_l4 && p->proto == 6 && (p->has & RT_P_PORTS))
			bpf_l4_csum_replace(ctx, l4 + 16, rt_raw32(from), rt_raw32(next), BPF_F_PSEUDO_HDR | 4);
		if (has_l4 && p->proto == 17 && (p->has & RT_P_PORTS))
			bpf_l4_csum_replace(ctx, l4 + 6, rt_raw32(from), rt_raw32(next),
					    BPF_F_PSEUDO_HDR | BPF_F_MARK_MANGLED_0 | 4);
#else
		RT_FN(csum)(ctx, l3 + 10, from, next, 4, 0);
		if (has_l4 && p->proto == 6 && (p->has & RT_P_PORTS))
			RT_FN(csum)(ctx, l4 + 16, from, next, 4, 0);
		if (has_l4 && p->proto == 17 && (p->has & RT_P_PORTS))
			RT_FN(csum)(ctx, l4 + 6, from, next, 4, 1);
#endif
		return 0;
	} else {
		__u32 at = l3 + (src ? 8 : 24);
		if (RT_STORE(ctx, at, next, 16))
			return 0;
		__builtin_memcpy(cur, next, 16);
		__u32 coff = 0;
		int udp = 0;
		if (has_l4 && p->proto == 6 && (p->has & RT_P_PORTS))
			coff = l4 + 16;
		else if (has_l4 && p->proto == 17 && (p->has & RT_P_PORTS)) {
			coff = l4 + 6;
			udp = 1;
		} else if (has_l4 && p->proto == 58 && (p->has & RT_P_ICMP))
			coff = l4 + 2;
		if (!coff)
			return 0;
#if RT_TC
		__s64 diff = bpf_csum_diff((__be32 *)from, 16, (__be32 *)next, 16, 0);
		bpf_l4_csum_replace(ctx, coff, 0, diff, BPF_F_PSEUDO_HDR | (udp ? BPF_F_MARK_MANGLED_0 : 0));
#else
		RT_FN(csum)(ctx, coff, from, next, 16, udp);
#endif
	}
	return 0;
}

/* Recomputes the SCTP CRC32c over the whole datagram, when it is whole and not a fragment. */
struct RT_FN(crc_ctx) {
	RT_CTX *ctx;
	__u32 pos;
	__u32 end;
	__u32 crc;
	__u32 failed;
};

static int RT_FN(crc_step)(__u32 i, void *data)
{
	struct RT_FN(crc_ctx) *c = data;
	__u8 b[8];
	if (c->pos + 8 <= c->end) {
		if (RT_LOAD(c->ctx, c->pos, b, 8)) {
			c->failed = 1;
			return 1;
		}
#pragma unroll
		for (int k = 0; k < 8; k++)
			c->crc = rt_crc32c_byte(c->crc, b[k]);
		c->pos += 8;
		return 0;
	}
	if (c->pos >= c->end)
		return 1;
	if (RT_LOAD(c->ctx, c->pos, b, 1)) {
		c->failed = 1;
		return 1;
	}
	c->crc = rt_crc32c_byte(c->crc, b[0]);
	c->pos += 1;
	return 0;
}

__noinline int RT_FN(sctp_crc)(RT_CTX *ctx)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p || (p->frag & RT_FRAG))
		return 0;
	__u32 end = p->family == 4 ? p->l3 + p->ip_len : p->l3 + 40 + p->ip_len;
	__u32 l4 = p->l4;
	if (end > p->len || end < l4 + 12)
		return 0;
	__u8 zero[4] = {0, 0, 0, 0};
	__u8 orig[4];
	if (RT_LOAD(ctx, l4 + 8, orig, 4) || RT_STORE(ctx, l4 + 8, zero, 4))
		return 0;
	struct RT_FN(crc_ctx) c = {.ctx = ctx, .pos = l4, .end = end, .crc = 0xffffffff};
	bpf_loop(65536, RT_FN(crc_step), &c, 0);
	if (c.failed || c.pos != end) {
		/* the datagram is not all readable (a simulated length): leave the checksum as it was */
		RT_STORE(ctx, l4 + 8, orig, 4);
		return 0;
	}
	__u32 crc = ~c.crc;
	__u8 out[4] = {crc, crc >> 8, crc >> 16, crc >> 24};
	RT_STORE(ctx, l4 + 8, out, 4);
	return 0;
}

/* Sets the source or destination port (host order); no-op without ports. A global function. */
__noinline int RT_FN(set_port)(RT_CTX *ctx, __u32 src, __u32 port)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p || !(p->has & RT_P_PORTS))
		return 0;
	__u32 l4 = p->l4;
	__u16 old = src ? p->sport : p->dport;
	__u8 from[2] = {old >> 8, old};
	__u8 next[2] = {port >> 8, port};
	if (RT_STORE(ctx, l4 + (src ? 0 : 2), next, 2))
		return 0;
	if (src)
		p->sport = port;
	else
		p->dport = port;
	__u16 rf, rn;
	__builtin_memcpy(&rf, from, 2);
	__builtin_memcpy(&rn, next, 2);
	if (p->proto == 6) {
#if RT_TC
		bpf_l4_csum_replace(ctx, l4 + 16, rf, rn, 2);
#else
		RT_FN(csum)(ctx, l4 + 16, from, next, 2, 0);
#endif
	} else if (p->proto == 17) {
#if RT_TC
		bpf_l4_csum_replace(ctx, l4 + 6, rf, rn, BPF_F_MARK_MANGLED_0 | 2);
#else
		RT_FN(csum)(ctx, l4 + 6, from, next, 2, 1);
#endif
	} else if (p->proto == 132) {
		RT_FN(sctp_crc)(ctx);
	}
	return 0;
}

/* Replaces the 16-bit word at l3 + off of an IPv4 header, fixing the header checksum. */
static __always_inline void RT_FN(set_v4word)(RT_CTX *ctx, struct rt_pkt *p, __u32 off, __u8 *from, __u8 *next)
{
	if (RT_STORE(ctx, p->l3 + off, next, 2))
		return;
#if RT_TC
	__u16 rf, rn;
	__builtin_memcpy(&rf, from, 2);
	__builtin_memcpy(&rn, next, 2);
	bpf_l3_csum_replace(ctx, p->l3 + 10, rf, rn, 2);
#else
	RT_FN(csum)(ctx, p->l3 + 10, from, next, 2, 0);
#endif
}

static __always_inline void RT_FN(set_dscp)(RT_CTX *ctx, struct rt_pkt *p, __u32 dscp)
{
	__u8 w[2];
	if (!(p->has & RT_P_IP) || RT_LOAD(ctx, p->l3, w, 2))
		return;
	if (p->family == 4) {
		__u8 next[2] = {w[0], (w[1] & 0x03) | ((dscp & 0x3f) << 2)};
		RT_FN(set_v4word)(ctx, p, 0, w, next);
		p->tos = next[1];
	} else {
		__u8 tc = (((w[0] & 0x0f) << 4) | (w[1] >> 4));
		tc = (tc & 0x03) | ((dscp & 0x3f) << 2);
		__u8 next[2] = {(w[0] & 0xf0) | (tc >> 4), (w[1] & 0x0f) | (tc << 4)};
		if (RT_STORE(ctx, p->l3, next, 2))
			return;
		p->tos = tc;
	}
}

static __always_inline void RT_FN(set_ttl)(RT_CTX *ctx, struct rt_pkt *p, __u32 ttl)
{
	if (!(p->has & RT_P_IP))
		return;
	if (p->family == 4) {
		__u8 w[2];
		if (RT_LOAD(ctx, p->l3 + 8, w, 2))
			return;
		__u8 next[2] = {ttl, w[1]};
		RT_FN(set_v4word)(ctx, p, 8, w, next);
	} else {
		__u8 t = ttl;
		if (RT_STORE(ctx, p->l3 + 7, &t, 1))
			return;
	}
	p->ttl = ttl;
}

/* ------------------------------------------------------------------ flow table */

#if RT_HAS_NAT
/* Reverse translation of a recorded flow, before any rule runs; then the tuple snapshot. */
__noinline int RT_FN(revnat)(RT_CTX *ctx)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p || !(p->has & RT_P_IP))
		return 0;
	struct rt_flow_key k = {};
	k.family = p->family;
	k.proto = (p->has & RT_P_PROTO) ? p->proto : 0;
	if (p->has & RT_P_PORTS) {
		k.sport = bpf_htons(p->sport);
		k.dport = bpf_htons(p->dport);
	}
	__builtin_memcpy(k.src, p->src, 16);
	__builtin_memcpy(k.dst, p->dst, 16);
	struct rt_flow_val *f = bpf_map_lookup_elem(&rt_flows, &k);
	if (f) {
		struct rt_flow_val back = *f;
		if (!rt_addr_eq(p->src, back.src, p->family)) {
			__builtin_memcpy(p->to, back.src, 16);
			RT_FN(set_addr)(ctx, 1);
		}
		if (!rt_addr_eq(p->dst, back.dst, p->family)) {
			__builtin_memcpy(p->to, back.dst, 16);
			RT_FN(set_addr)(ctx, 0);
		}
		if (k.sport != back.sport)
			RT_FN(set_port)(ctx, 1, bpf_ntohs(back.sport));
		if (k.dport != back.dport)
			RT_FN(set_port)(ctx, 0, bpf_ntohs(back.dport));
	}
	rt_snapshot(p);
	return 0;
}


#endif

/* ------------------------------------------------------------------ actions */



static __always_inline void RT_FN(log)(RT_CTX *ctx, struct rt_pkt *p, __u16 tag)
{
	struct rt_event *e = bpf_ringbuf_reserve(&rt_events, sizeof(*e), 0);
	if (!e)
		return;
	e->time_ns = bpf_ktime_get_ns();
	e->rule = p->rule;
	e->tag = tag;
	e->hook = p->hook;
	e->pad = 0;
	e->ifindex = p->ifindex;
	e->mark = p->mark;
	e->len = p->len;
	e->pad2 = 0;
	__u32 n = p->len < RT_EVENT_DATA ? p->len : RT_EVENT_DATA;
	__builtin_memset(e->data, 0, RT_EVENT_DATA);
	e->cap_len = 0;
	if (n >= 1 && n <= RT_EVENT_DATA && !RT_LOAD(ctx, 0, e->data, n))
		e->cap_len = n;
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int RT_FN(limit)(struct rt_pkt *p, __u32 id)
{
	rt_opaque(id);
	if (id >= RT_NUM_LIMITS)
		return 1;
	const struct rt_limit *l = &rt_limits[id];
	struct rt_bucket_key k = {};
	k.limit_id = id;
	__u8 fam = (p->has & RT_P_IP) ? p->family : 0;
	if (l->per != RT_PER_NONE)
		k.family = fam;
	if (l->per == RT_PER_SRC || l->per == RT_PER_FLOW)
		__builtin_memcpy(k.src, p->src, 16);
	if (l->per == RT_PER_DST || l->per == RT_PER_FLOW)
		__builtin_memcpy(k.dst, p->dst, 16);
	if (l->per == RT_PER_FLOW && fam) {
		k.proto = (p->has & RT_P_PROTO) ? p->proto : 0;
		if (p->has & RT_P_PORTS) {
			k.sport = bpf_htons(p->sport);
			k.dport = bpf_htons(p->dport);
		}
	}
#if RT_HAS_LIMIT
	struct rt_bucket *b = bpf_map_lookup_elem(&rt_buckets, &k);
	struct rt_bucket nb;
	int fresh = 0;
	if (!b) {
		nb.tokens = l->cap;
		nb.last_ns = p->now;
		b = &nb;
		fresh = 1;
	}
	int ok = rt_bucket_take(b, l, p->now);
	if (fresh)
		bpf_map_update_elem(&rt_buckets, &k, &nb, BPF_ANY);
	return ok;
#else
	return 1;
#endif
}

/* dnat/snat to a fixed address (and port). */
static __always_inline void RT_FN(nat)(RT_CTX *ctx, struct rt_pkt *p, const struct rt_act *a)
{
	int src = a->flags & RT_AF_SRC;
	int fam = (a->flags & RT_AF_V6) ? 6 : 4;
	if ((p->has & RT_P_IP) && p->family == fam) {
		__builtin_memcpy(p->to, a->addr, 16);
		RT_FN(set_addr)(ctx, src);
	}
	if (a->flags & RT_AF_PORT)
		RT_FN(set_port)(ctx, src, a->port);
}

/* dnat to a pool: Maglev pick by the flow hash; -1 when the pool is empty. */
static __always_inline int RT_FN(nat_pool)(RT_CTX *ctx, struct rt_pkt *p, const struct rt_act *a)
{
	__u32 h = (p->has & RT_P_IP) ? rt_flow_hash(p) : 0;
	if (rt_pool_pick(a->arg, h) < 0)
		return -1;
	if (!(p->has & RT_P_IP))
		return 0;
	struct rt_member m = p->member;
	if (p->family == 4) {
		__builtin_memset(p->to, 0, 16);
		__builtin_memcpy(p->to, m.addr, 4);
		RT_FN(set_addr)(ctx, 0);
	}
	if (a->flags & RT_AF_MEMBER_PORT) /* port 0 is a port: not "no port" */
		RT_FN(set_port)(ctx, 0, bpf_ntohs(m.port));
	else if (a->flags & RT_AF_PORT)
		RT_FN(set_port)(ctx, 0, a->port);
	return 0;
}

/* Runs action idx of rt_acts; returns a verdict or RT_V_CONT. A global function: verified once. */
__noinline int RT_FN(act)(RT_CTX *ctx, __u32 idx)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p || !ctx)
		return RT_V_PASS;
	if (idx >= RT_NUM_ACTS)
		return RT_V_PASS;
	const struct rt_act *a = &rt_acts[idx];
	__u32 v;
	switch (a->kind) {
	case RT_A_PASS:
		return RT_V_PASS;
	case RT_A_DROP:
		return RT_V_DROP;
	case RT_A_REDIRECT:
		p->iface = a->arg;
		return RT_V_REDIRECT;
	case RT_A_ROUTE:
		p->route_act = idx;
		return RT_V_ROUTE;
	case RT_A_NAT:
		RT_FN(nat)(ctx, p, a);
		return RT_V_CONT;
	case RT_A_NAT_POOL:
		if (RT_FN(nat_pool)(ctx, p, a) < 0) {
			p->cause = RT_CAUSE_POOL;
			rt_count_extra(p->rule, 0);
			return RT_V_DROP;
		}
		return RT_V_CONT;
	case RT_A_SET_MARK:
	case RT_A_SET_DSCP:
	case RT_A_SET_TTL:
		if (a->flags & RT_AF_CONST)
			v = a->value;
		else if (rt_value(a->arg) > 0)
			v = p->value;
		else
			return RT_V_CONT;
		if (a->kind == RT_A_SET_MARK) {
#if RT_TC
			ctx->mark = v;
			p->mark = v;
#endif
		} else if (a->kind == RT_A_SET_DSCP) {
			RT_FN(set_dscp)(ctx, p, v);
		} else {
			RT_FN(set_ttl)(ctx, p, v & 0xff);
		}
		return RT_V_CONT;
	case RT_A_MIRROR:
#if RT_TC
		bpf_clone_redirect(ctx, rt_ifindex(a->arg), 0);
#endif
		rt_effect(p, RT_EFF_MIRROR, a->arg);
		return RT_V_CONT;
	case RT_A_LIMIT:
		if (!RT_FN(limit)(p, a->arg)) {
			p->cause = RT_CAUSE_LIMIT;
			rt_count_extra(p->rule, 1);
			return RT_V_DROP;
		}
		return RT_V_CONT;
	case RT_A_LOG:
		RT_FN(log)(ctx, p, a->arg);
		rt_effect(p, RT_EFF_LOG, a->arg);
		return RT_V_CONT;
	default:
		return RT_V_CONT;
	}
}

/* ------------------------------------------------------------------ rule loop */

struct RT_FN(loop) {
	RT_CTX *ctx;
	__u32 rule;
	__u32 verdict;
};


/* One step: find the next rule whose condition holds, count it, run its actions. */
static int RT_FN(step)(__u32 i, void *data)
{
	struct RT_FN(loop) *st = data;
	struct rt_pkt *p = rt_pkt_get();
	if (!p) {
		st->verdict = RT_V_PASS;
		return 1;
	}
	__u32 r = rt_next_match(st->rule);
	if (r > RT_NUM_RULES)
		r = RT_NUM_RULES;
	p->rule = r;
	rt_count(p, r);
	__u32 first = rt_rules[r].first;
	__u32 count = rt_rules[r].count;
	for (__u32 k = 0; k < RT_MAX_ACTS; k++) {
		if (k >= count)
			break;
		__u32 v = RT_FN(act)(st->ctx, first + k);
		if (v != RT_V_CONT) {
			st->verdict = v;
			return 1;
		}
	}
	if (r >= RT_NUM_RULES) {
		st->verdict = RT_V_PASS;
		return 1;
	}
	st->rule = r + 1;
	return 0;
}

/* ------------------------------------------------------------------ route */

/* route: FIB lookup, MAC rewrite, TTL decrement, redirect (LANGUAGE.md §5). A global function. */
__noinline int RT_FN(route)(RT_CTX *ctx)
{
	struct rt_pkt *p = rt_pkt_get();
	if (!p)
		return RT_OK;
	__u32 ai = p->route_act;
	if (ai >= RT_NUM_ACTS || !(p->has & RT_P_IP) || p->ttl <= 1)
		return RT_OK;
	const struct rt_act *a = &rt_acts[ai];
	struct bpf_fib_lookup f = {};
	__u32 flags = 0;
#if RT_TC
	f.ifindex = ctx->ifindex;
#else
	f.ifindex = ctx->ingress_ifindex;
#endif
	f.l4_protocol = p->proto;
	if (p->has & RT_P_PORTS) {
		f.sport = bpf_htons(p->sport);
		f.dport = bpf_htons(p->dport);
	}
	int via = a->flags & RT_AF_VIA;
	int via6 = a->flags & RT_AF_V6;
	if (via && (via6 ? 6 : 4) != p->family)
		return RT_OK;
	if (p->family == 4) {
		f.family = 2; /* AF_INET */
		f.tos = p->tos;
		f.tot_len = p->ip_len;
		f.ipv4_src = rt_raw32(p->src);
		f.ipv4_dst = rt_raw32(via ? a->addr : p->dst);
	} else {
		f.family = 10; /* AF_INET6 */
		f.flowinfo = bpf_htonl(p->flowlabel);
		__builtin_memcpy(f.ipv6_src, p->src, 16);
		__builtin_memcpy(f.ipv6_dst, via ? a->addr : p->dst, 16);
	}
	if (a->flags & RT_AF_TABLE) {
		flags |= BPF_FIB_LOOKUP_DIRECT | BPF_FIB_LOOKUP_TBID;
		f.tbid = a->value;
	}
	int rc = bpf_fib_lookup(ctx, &f, sizeof(f), flags);
	switch (rc) {
	case BPF_FIB_LKUP_RET_SUCCESS: {
		RT_FN(set_ttl)(ctx, p, p->ttl - 1);
		__u8 macs[12];
		__builtin_memcpy(macs, f.dmac, 6);
		__builtin_memcpy(macs + 6, f.smac, 6);
		RT_STORE(ctx, 0, macs, 12);
		return bpf_redirect(f.ifindex, 0);
	}
	case BPF_FIB_LKUP_RET_NO_NEIGH:
#if RT_TC
	{
		RT_FN(set_ttl)(ctx, p, p->ttl - 1);
		if (via) {
			struct bpf_redir_neigh nh = {};
			nh.nh_family = p->family == 4 ? 2 : 10;
			if (p->family == 4)
				__builtin_memcpy(&nh.ipv4_nh, a->addr, 4);
			else
				__builtin_memcpy(&nh.ipv6_nh, a->addr, 16);
			return bpf_redirect_neigh(f.ifindex, &nh, sizeof(nh), 0);
		}
		return bpf_redirect_neigh(f.ifindex, 0, 0, 0);
	}
#else
		return RT_OK;
#endif
	case BPF_FIB_LKUP_RET_BLACKHOLE:
	case BPF_FIB_LKUP_RET_UNREACHABLE:
	case BPF_FIB_LKUP_RET_PROHIBIT:
		return RT_SHOT;
	default:
		return RT_OK;
	}
}

/* ------------------------------------------------------------------ the program */


static __always_inline int RT_FN(main)(RT_CTX *ctx, __u32 hook)
{
	RT_FN(parse)(ctx, hook);
	struct rt_pkt *p = rt_pkt_get();
	if (!p)
		return RT_OK;
	__u32 zero = 0;
	struct rt_config *cfg = bpf_map_lookup_elem(&rt_config, &zero);
	p->cfg_flags = cfg ? cfg->flags : 0;
#if RT_HAS_LIMIT
	p->now = (cfg && cfg->clock_ns) ? cfg->clock_ns : bpf_ktime_get_ns();
#endif
#if RT_HAS_NAT
	RT_FN(revnat)(ctx);
	p = rt_pkt_get();
	if (!p)
		return RT_OK;
#endif
	struct RT_FN(loop) st = {.ctx = ctx, .rule = 0, .verdict = RT_V_PASS};
	bpf_loop(RT_NUM_RULES + 1, RT_FN(step), &st, 0);
	__u32 v = st.verdict;
#if RT_HAS_NAT
	if (v != RT_V_DROP && p->o_valid && (p->has & RT_P_IP))
		rt_record_flow(p);
#endif
	if (p->cfg_flags & RT_CFG_SIM)
		rt_write_result(p, v);
	switch (v) {
	case RT_V_DROP:
		return RT_SHOT;
	case RT_V_REDIRECT:
		return bpf_redirect(rt_ifindex(p->iface), 0);
	case RT_V_ROUTE:
		if (p->cfg_flags & RT_CFG_SIM)
			return RT_OK;
		return RT_FN(route)(ctx);
	default:
		return RT_OK;
	}
}

#undef RT_LOAD
#undef RT_STORE
#undef RT_OK
#undef RT_SHOT
