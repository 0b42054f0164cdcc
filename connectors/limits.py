"""Limits per client of the public channels: token buckets, and the client's address behind the
proxy in front of Rasa (issue 19).

The address: the peer of the connection, unless the peer is a trusted proxy (``TRUSTED_PROXIES``,
ops/settings.py: the local nginx by default; the ingress controller's pod network in Kubernetes),
whose ``X-Forwarded-For`` then names the client.  Only its right-most entry counts: the one that
proxy wrote itself (the local nginx and ingress-nginx both replace any header the client sent;
an appending proxy keeps the client's own entries on the left, where they are ignored).  A client
that is itself one of the trusted addresses (this machine: the tests, the benchmarks, a browser on
the server) is not limited.  IPv6 clients are counted per /64, the block one subscriber gets.
"""
from __future__ import annotations

import ipaddress
import time
from typing import Dict, List, Optional, Sequence, Union


Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

# New conversations (session tokens issued) per client address: a burst of NEW_CONVERSATIONS_BURST,
# then one every 60 / NEW_CONVERSATIONS_PER_MINUTE seconds.  A user needs one per browser (the
# widget keeps it), one more after « oublie notre conversation »; a school or a company behind one
# address gets 20 at once, then 2 a minute (2 880 a day at most, instead of unlimited).
NEW_CONVERSATIONS_BURST = 20
NEW_CONVERSATIONS_PER_MINUTE = 2
# Addresses remembered at most; past it, the buckets that refilled are forgotten, then the oldest.
MAX_TRACKED_ADDRESSES = 100_000


class Bucket:
    """A token bucket: ``take()`` is False while the client is over its rate (per second)."""

    def __init__(self, burst: int, rate: float) -> None:
        self.burst, self.rate, self.tokens, self.at = burst, rate, float(burst), time.monotonic()

    def refill(self) -> float:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        return self.tokens

    def take(self) -> bool:
        if self.refill() < 1:
            return False
        self.tokens -= 1
        return True


class BucketsByKey:
    """One bucket per key (a client address), in bounded memory."""

    def __init__(self, burst: int, rate: float, max_keys: int = MAX_TRACKED_ADDRESSES) -> None:
        self.burst, self.rate, self.max_keys = burst, rate, max_keys
        self.buckets: Dict[str, Bucket] = {}

    def take(self, key: str) -> bool:
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.max_keys:
                self._forget()
            bucket = self.buckets[key] = Bucket(self.burst, self.rate)
        return bucket.take()

    def _forget(self) -> None:
        self.buckets = {k: b for k, b in self.buckets.items() if b.refill() < b.burst}
        while len(self.buckets) >= self.max_keys:  # all busy: the oldest first
            del self.buckets[next(iter(self.buckets))]


def trusted_networks(setting: str) -> List[Network]:
    """``TRUSTED_PROXIES``: space-separated addresses or networks (``10.0.0.0/8``)."""
    return [ipaddress.ip_network(item, strict=False) for item in setting.split()]


def _address(text: str) -> Optional[Union[ipaddress.IPv4Address, ipaddress.IPv6Address]]:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _within(address, networks: Sequence[Network]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_key(peer: Optional[str], forwarded_for: Optional[str], trusted: Sequence[Network]) -> Optional[str]:
    """The key the client is limited under, or None when it is not limited (a trusted address).
    ``peer``: the connection's remote address; ``forwarded_for``: its X-Forwarded-For header."""
    address = _address(peer or "")
    if address is None:
        return "unknown"
    if _within(address, trusted) and forwarded_for:
        forwarded = _address(forwarded_for.split(",")[-1])
        if forwarded is None:
            return "unknown"
        address = forwarded
    if _within(address, trusted):
        return None
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
