#!/usr/bin/env python3
"""Writes a policy of N rules in the shape of the nftables anchor (shared/reference/nftables-anchor.md):
distinct random /24s inside 10.0.0.0/8, each with a random UDP dport, action drop; default pass.
Seeded, so every file is reproducible byte for byte."""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(20251125)
seen = set()
print(f"policy rules{n} {{")
print("  attach tc ingress")
while len(seen) < n:
    net = (rng.randrange(256), rng.randrange(256))
    if net in seen:
        continue
    seen.add(net)
    port = rng.randrange(1024, 65536)
    print(f"  rule r{len(seen)} when src in 10.{net[0]}.{net[1]}.0/24 and udp and dport == {port} do drop")
print("  default pass")
print("}")
