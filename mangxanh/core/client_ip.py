"""The client's address, the one place that decides it (rate limits, lock-out, audit log).

By default nothing is trusted: the address is REMOTE_ADDR, whatever X-Forwarded-For says.
Behind a reverse proxy, configure either
  TRUSTED_PROXIES       networks of our proxies (e.g. "127.0.0.1/32,10.0.0.0/8"): when the peer
                        is one of them, X-Forwarded-For is read from the right, skipping our
                        proxies, and the first address that is not ours is the client;
  TRUSTED_PROXY_COUNT   how many proxies stand in front (nginx alone: 1): the client is the
                        address that many hops from the right of [X-Forwarded-For..., REMOTE_ADDR].

Written here rather than taken from django-ipware: ipware counts proxies as hops listed in the
header (proxies appending their own address), while nginx and most proxies append the peer they
saw; with ipware's counting a client's forged first entry would be taken as its address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_ip(value: str) -> Address | None:
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def _forwarded_chain(request) -> list[Address | None]:
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [parse_ip(part) for part in header.split(",") if part.strip()]


def client_ip(request) -> str | None:
    """The client's address as a normalised string; None when the request has no usable address."""
    remote = parse_ip(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if networks:
        if not _is_trusted(remote, networks):
            return str(remote)  # came straight to us: its header is the client's own words
        for hop in reversed(_forwarded_chain(request)):
            if hop is None:
                break  # garbage to the left of our proxies' entries: stop at the last good hop
            remote = hop
            if not _is_trusted(hop, networks):
                break
        return str(remote)
    if count > 0:
        hops = [*_forwarded_chain(request), remote]
        picked = hops[max(0, len(hops) - 1 - count)]
        return str(picked if picked is not None else remote)
    return str(remote)


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: django-axes counts failures by the same address."""
    return client_ip(request)
