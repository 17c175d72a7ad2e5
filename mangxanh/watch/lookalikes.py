"""Look-alikes of registered channels: names a fake page or site would use, and matching a link
against them so a fake is tied to the channel it imitates.

`generate(channel)` lists look-alike names (typosquats: omission, duplication, adjacent key,
transposition, homoglyphs 0/o 1/l rn/m vv/w, hyphens, extra words such as '-edu', and fake
suffixes such as '.vn.com') – useful to show a unit what to watch for or register defensively.

`imitated_channels(link)` goes the other way for any number of channels: the link's name is
reduced to a skeleton (homoglyphs folded, hyphens and extra words dropped, doubled letters
collapsed) and compared with each channel's skeleton, equal or one edit apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from mangxanh.review.models import OfficialChannel
from mangxanh.review.normalise import channel_key, handle_of, key_prefixes, looks_like_address, normalise_name

# Suffixes a registered domain ends with; the name is the label before them.
SUFFIXES = ("edu.vn", "gov.vn", "com.vn", "org.vn", "net.vn", "ac.vn", "info.vn", "vn.com", "edu.com", "com",
            "vn", "net", "org", "info", "site", "online", "xyz", "top")
FAKE_SUFFIXES = ("vn.com", "edu.vn.com", "com", "vn", "net", "org", "edu.com", "com.vn", "info", "online")
EXTRA_WORDS = ("edu", "vn", "official", "chinhthuc", "gov", "online", "web", "page", "fanpage", "info", "truong",
               "cong", "thongtin", "hotro", "tuyensinh")
HOMOGLYPHS = {"o": "0", "0": "o", "l": "1", "1": "l", "i": "1", "m": "rn", "rn": "m", "w": "vv", "vv": "w",
              "e": "3", "a": "4", "s": "5", "g": "9"}
_FOLD = [("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"), ("3", "e"), ("4", "a"),
         ("5", "s"), ("9", "g"), ("@", "a"), ("$", "s")]
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
MIN_FUZZY = 6  # names shorter than this are only matched exactly (too many near neighbours)


def _neighbours() -> dict[str, str]:
    grid = {ch: (r, c) for r, row in enumerate(KEYBOARD) for c, ch in enumerate(row)}
    near = {}
    for ch, (r, c) in grid.items():
        near[ch] = "".join(o for o, (r2, c2) in grid.items() if o != ch and abs(r - r2) <= 1 and abs(c - c2) <= 1)
    return near


ADJACENT = _neighbours()


# --- Names of a channel ----------------------------------------------------------------------------


def split_host(host: str) -> tuple[str, str]:
    """('thcsbenthuy', 'edu.vn') from 'www.thcsbenthuy.edu.vn'; the first label is the name."""
    host = host.lower().strip(".")
    if host.startswith("www."):
        host = host[4:]
    for suffix in SUFFIXES:
        if host.endswith("." + suffix):
            rest = host[: -len(suffix) - 1]
            return rest.split(".", 1)[0], suffix
    return host.split(".", 1)[0], ""


def name_of_link(text: str) -> tuple[str, str, str]:
    """(name, suffix, platform host) of a link, handle or domain: the part a fake would imitate."""
    key = channel_key(text)
    if not key:
        return "", "", ""
    if not looks_like_address(text) and not text.strip().startswith("@"):
        return "", "", ""
    host = key.split("/", 1)[0]
    if "/" in key and host in ("facebook.com", "youtube.com", "zalo.me", "tiktok.com", "instagram.com",
                               "twitter.com", "x.com", "threads.net"):
        return handle_of(key), "", host
    if "." not in host:  # a bare handle
        return host.lstrip("@"), "", ""
    name, suffix = split_host(host)
    return name, suffix, ""


def channel_names(channel: OfficialChannel) -> set[str]:
    """The names a channel goes by: its domain label or handle, and its page name without spaces."""
    names = set()
    name, _, _ = name_of_link(channel.address)
    if name:
        names.add(name)
    words = normalise_name(channel.name).split()
    if words:
        names.add("".join(words))
        if words[0] in ("truong", "trang") and len(words) > 1:
            names.add("".join(words[1:]))
    return {n for n in names if len(n) >= 4}


def skeleton(name: str) -> str:
    s = re.sub(r"[-_.\s]", "", name.lower())
    s = _strip_words(s)
    for a, b in _FOLD:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def _strip_words(s: str) -> str:
    changed = True
    while changed:  # drop extra words at either end ('edu-thcsbenthuy', 'thcsbenthuy-official')
        changed = False
        for word in EXTRA_WORDS:
            if len(s) > len(word) + 3 and s.endswith(word):
                s, changed = s[: -len(word)], True
            if len(s) > len(word) + 3 and s.startswith(word):
                s, changed = s[len(word):], True
    return s


# --- Generating look-alikes ------------------------------------------------------------------------


def typos(name: str) -> dict[str, str]:
    """Look-alike spellings of one name -> the technique that makes them."""
    out: dict[str, str] = {}

    def add(variant: str, technique: str) -> None:
        if variant and variant != name and variant not in out:
            out[variant] = technique

    for i in range(len(name)):
        add(name[:i] + name[i + 1:], "bỏ sót ký tự")
        add(name[:i] + name[i] + name[i:], "lặp ký tự")
        for near in ADJACENT.get(name[i], ""):
            add(name[:i] + near + name[i + 1:], "gõ nhầm phím bên cạnh")
        if i + 1 < len(name):
            add(name[:i] + name[i + 1] + name[i] + name[i + 2:], "đảo thứ tự ký tự")
        if 0 < i:
            add(name[:i] + "-" + name[i:], "chèn dấu gạch ngang")
    for real, fake in HOMOGLYPHS.items():
        start = name.find(real)
        while start != -1:
            add(name[:start] + fake + name[start + len(real):], "ký tự trông giống nhau")
            start = name.find(real, start + 1)
    for word in ("edu", "official", "chinhthuc", "vn"):
        add(f"{name}-{word}", "thêm từ")
        add(f"{name}{word}", "thêm từ")
        add(f"{word}-{name}", "thêm từ")
    return out


def generate(channel: OfficialChannel) -> dict[str, str]:
    """Look-alike names of a channel -> technique. Websites also get fake suffixes ('….vn.com')."""
    name, suffix, platform = name_of_link(channel.address)
    variants: dict[str, str] = {}
    for own in channel_names(channel):
        for variant, technique in typos(own).items():
            variants.setdefault(variant, technique)
    if suffix:  # a website: full domains
        domains = {f"{v}.{suffix}": t for v, t in variants.items()}
        for fake in FAKE_SUFFIXES:
            if fake != suffix:
                domains.setdefault(f"{name}.{suffix}.{fake}" if fake == "com" else f"{name}.{fake}",
                                   "đuôi tên miền giả")
        domains.setdefault(f"{name}.{suffix}.com", "đuôi tên miền giả")
        return domains
    if platform:
        return {f"{platform}/{v}": t for v, t in variants.items()}
    return variants


# --- Matching -------------------------------------------------------------------------------------


@dataclass
class LookalikeMatch:
    channel: OfficialChannel
    technique: str
    distance: int


def _technique(candidate: str, suffix: str, own: str, own_suffix: str, distance: int) -> str:
    if candidate == own and suffix != own_suffix:
        return "đuôi tên miền giả"
    if distance == 0:
        if "-" in candidate and candidate.replace("-", "") == own:
            return "chèn dấu gạch ngang"
        if re.sub(r"(.)\1+", r"\1", candidate) == re.sub(r"(.)\1+", r"\1", own):
            return "lặp ký tự"
        return "ký tự trông giống nhau hoặc thêm từ"
    return "sai khác một ký tự"


def imitated_channels(link: str, channels=None, limit: int = 5) -> list[LookalikeMatch]:
    """Registered channels that link imitates (never a channel the link really belongs to)."""
    name, suffix, platform = name_of_link(link)
    if not name or len(name) < 4:
        return []
    channels = channels if channels is not None else OfficialChannel.objects.filter(active=True,
                                                                                    unit__is_active=True)
    key = channel_key(link)
    own = set(channels.filter(address_key__in=key_prefixes(key)).values_list("pk", flat=True))
    target = skeleton(name)
    matches: dict[int, LookalikeMatch] = {}
    for channel in channels.select_related("unit"):
        if channel.pk in own:
            continue
        own_name, own_suffix, _ = name_of_link(channel.address)
        for real in sorted(channel_names(channel), key=lambda r: r != own_name):  # the address's name first
            real_skeleton = skeleton(real)
            distance = 0 if real_skeleton == target else DamerauLevenshtein.distance(real_skeleton, target,
                                                                                      score_cutoff=1)
            if distance > 1 or (distance == 1 and min(len(target), len(real_skeleton)) < MIN_FUZZY):
                continue
            if distance == 0 and name == real and suffix == own_suffix and not platform:
                continue  # the same name on the same suffix is the channel itself (a subpage)
            best = matches.get(channel.pk)
            if best is None or distance < best.distance:
                technique = _technique(name, suffix, own_name if real == own_name else real, own_suffix, distance)
                matches[channel.pk] = LookalikeMatch(channel, technique, distance)
    return sorted(matches.values(), key=lambda m: (m.distance, m.channel.pk))[:limit]
