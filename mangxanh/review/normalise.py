"""Normalise channel addresses, handles and names so that lookups and look-alike checks match."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "mbasic.", "vi-vn.")
_HOST_ALIASES = {"fb.com": "facebook.com", "fb.me": "facebook.com", "youtu.be": "youtube.com"}
_KEEP_QUERY = {"profile.php": "id", "watch": "v"}


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def normalise_name(text: str) -> str:
    """Lower-case, accent-free, single-spaced: 'Trường THCS  Bến Thủy' -> 'truong thcs ben thuy'."""
    text = strip_accents(unicodedata.normalize("NFC", text or "")).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def looks_like_address(text: str) -> bool:
    text = text.strip().lower()
    return text.startswith(("http://", "https://")) or bool(re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text))


def normalise_address(raw: str) -> str:
    """A comparable key for a link or handle.

    'https://www.facebook.com/THCSBenThuy/?ref=x' -> 'facebook.com/thcsbenthuy';
    '@thcs.benthuy' -> 'thcs.benthuy'; a page name -> its accent-free words.
    """
    text = unicodedata.normalize("NFC", (raw or "").strip())[:500]
    if not text:
        return ""
    if not looks_like_address(text):
        if text.startswith("@") and " " not in text:
            return text[1:].lower()
        return normalise_name(text)
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return normalise_name(text)
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    host = _HOST_ALIASES.get(host, host)
    path = re.sub(r"/+", "/", parts.path).rstrip("/").lower()
    last = path.rsplit("/", 1)[-1]
    keep = _KEEP_QUERY.get(last)
    if keep:
        values = parse_qs(parts.query).get(keep)
        if values:
            path += f"?{keep}={values[0]}"
    return host + path


def handle_of(key: str) -> str:
    """The part of a normalised address that names the page ('facebook.com/abc' -> 'abc')."""
    if "/" in key:
        return key.rsplit("/", 1)[-1].lstrip("@")
    return key
