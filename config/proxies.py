"""The client's address, as the reverse proxies in front of RainCheck report it.

django-axes locks log-in per (account, client address), so the address must be the
client's and must not be forgeable. Each proxy appends the address it received the
request from to X-Forwarded-For; of RAINCHECK_TRUSTED_PROXIES proxies the last that
many entries are theirs, and the first of those is what the outermost proxy saw: the
client. Entries further left come from the client itself and are ignored.
"""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str | None:
    """REMOTE_ADDR without trusted proxies; else the client address the outermost proxy wrote."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = settings.RAINCHECK_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < trusted:
        # The request did not pass through every proxy (or a proxy is misconfigured).
        return remote
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
