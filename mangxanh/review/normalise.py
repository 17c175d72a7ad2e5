"""Channel identity: one canonical key for a channel, whatever link or name a person pastes.

`channel_key` is the single URL -> channel-identity function: the registry stores it for each
channel, the public check and the publication record compare with it. A post, video or page *under*
a channel has the channel's key ('facebook.com/thcsbenthuy/posts/123' -> 'facebook.com/thcsbenthuy');
a link whose channel cannot be read from the link alone (a YouTube video) keeps its own key, which
is looked up among the items the channels are known to have published.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

from mangxanh.engine.normalize import fold

_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "mbasic.", "vi-vn.", "touch.")
_HOST_ALIASES = {"fb.com": "facebook.com", "fb.me": "facebook.com", "youtu.be": "youtube.com",
                 "oa.zalo.me": "zalo.me", "chat.zalo.me": "zalo.me", "vt.tiktok.com": "tiktok.com"}
_FACEBOOK_ID_PAGES = {"profile.php", "permalink.php", "story.php"}
# First path parts on facebook.com that are not a page: the link says nothing about its channel.
_FACEBOOK_NOT_PAGES = {"watch", "share", "reel", "reels", "events", "photo.php", "photo", "photos", "hashtag",
                       "login", "login.php", "sharer", "sharer.php", "plugins", "home.php", "marketplace",
                       "gaming", "stories", "notes", "media", "video.php", "l.php", "help", "policies"}
_YOUTUBE_VIDEO = {"shorts", "live", "embed", "v"}


def normalise_name(text: str) -> str:
    """Lower-case, accent-free, single-spaced: 'Trường THCS  Bến Thuỷ' -> 'truong thcs ben thuy'.

    Accents and tone placement go together ('Thuỷ' and 'Thủy' both fold to 'thuy'), using the
    engine's fold so that every part of the project folds Vietnamese the same way.
    """
    text = fold(unicodedata.normalize("NFC", text or "")).lower()
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def looks_like_address(text: str) -> bool:
    text = text.strip().lower()
    return text.startswith(("http://", "https://")) or bool(re.match(r"^[\w.-]+\.[a-z]{2,}(/|\?|$)", text))


def _split(text: str) -> tuple[str, list[str], dict[str, list[str]]] | None:
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    host = _HOST_ALIASES.get(host, host)
    segments = [s for s in parts.path.lower().split("/") if s]
    return host, segments, parse_qs(parts.query)


def _first(query: dict[str, list[str]], name: str) -> str:
    values = query.get(name) or [""]
    return values[0].strip().lower()


def _facebook(segments: list[str], query: dict[str, list[str]]) -> str:
    if not segments:
        return "facebook.com"
    head = segments[0]
    if head in _FACEBOOK_ID_PAGES and _first(query, "id"):
        return "facebook.com/" + _first(query, "id")
    if head in ("pages", "people") and len(segments) >= 3 and segments[2].isdigit():
        return "facebook.com/" + segments[2]
    if head == "pg" and len(segments) >= 2:
        return "facebook.com/" + segments[1]
    if head == "groups" and len(segments) >= 2:
        return "facebook.com/groups/" + segments[1]
    if head in _FACEBOOK_NOT_PAGES or head.endswith(".php"):
        extra = "".join(f"?{k}={_first(query, k)}" for k in ("v", "fbid", "story_fbid") if _first(query, k))
        return "facebook.com/" + "/".join(segments) + extra
    return "facebook.com/" + head


def _youtube(segments: list[str], query: dict[str, list[str]], short_link: bool) -> str:
    if short_link and segments:
        return "youtube.com/watch?v=" + segments[0]
    if not segments:
        return "youtube.com"
    head = segments[0]
    if head.startswith("@"):
        return "youtube.com/" + head
    if head in ("channel", "c", "user") and len(segments) >= 2:
        return f"youtube.com/{head}/{segments[1]}"
    if head == "watch" and _first(query, "v"):
        return "youtube.com/watch?v=" + _first(query, "v")
    if head in _YOUTUBE_VIDEO and len(segments) >= 2:
        return "youtube.com/watch?v=" + segments[1]
    return "youtube.com/" + head


def _zalo(segments: list[str]) -> str:
    if segments and segments[0] == "s" and len(segments) >= 2:
        return "zalo.me/" + segments[1]
    return "zalo.me/" + segments[0] if segments else "zalo.me"


def _handle_site(host: str, segments: list[str]) -> str:
    """TikTok, Instagram, X, Threads: the first part is the account ('tiktok.com/@abc/video/1')."""
    if not segments:
        return host
    return f"{host}/{segments[0]}"


_HANDLE_SITES = {"tiktok.com", "instagram.com", "twitter.com", "x.com", "threads.net"}
_PLATFORMS = _HANDLE_SITES | {"facebook.com", "youtube.com", "zalo.me"}


def channel_key(raw: str) -> str:
    """The identity of the channel a link, handle or page name points at.

    'https://www.facebook.com/THCSBenThuy/posts/pfbid0x?ref=x' -> 'facebook.com/thcsbenthuy';
    'fb.com/profile.php?id=1000' and 'facebook.com/1000/posts/5' -> 'facebook.com/1000';
    'youtube.com/@thcsbt/videos' -> 'youtube.com/@thcsbt'; 'zalo.me/s/123/abc' -> 'zalo.me/123';
    a website page keeps its host and path ('thcsbenthuy.edu.vn/tin-tuc/a'), matched by prefix
    (see `key_prefixes`); '@thcs.benthuy' -> 'thcs.benthuy'; a page name -> its accent-free words.
    """
    text = unicodedata.normalize("NFC", (raw or "").strip())[:500]
    if not text:
        return ""
    if not looks_like_address(text):
        if text.startswith("@") and " " not in text:
            return text[1:].lower()
        return normalise_name(text)
    split = _split(text)
    if split is None:
        return normalise_name(text)
    host, segments, query = split
    if host == "facebook.com":
        return _facebook(segments, query)
    if host == "youtube.com":
        return _youtube(segments, query, short_link="youtu.be" in text.lower())
    if host == "zalo.me":
        return _zalo(segments)
    if host in _HANDLE_SITES:
        return _handle_site(host, segments)
    return "/".join([host, *segments])


# Parts of a page that show the page itself, not one item of it ('youtube.com/@abc/videos').
_CHANNEL_TABS = {"about", "community", "featured", "followers", "live", "photos", "playlists", "posts", "reels",
                 "shorts", "streams", "videos"}
_FACEBOOK_ITEM_PAGES = {"permalink.php", "story.php", "photo.php"}


def names_an_item(raw: str, key: str) -> bool:
    """Whether a link on a social platform points at one item of the channel `key` (a post, photo,
    video) rather than the channel or one of its tabs: 'facebook.com/abc/posts/123' -> True,
    'facebook.com/abc' and 'youtube.com/@abc/videos' -> False."""
    split = _split(unicodedata.normalize("NFC", (raw or "").strip())[:500])
    if split is None or not key:
        return False
    host, segments, _ = split
    if host == "facebook.com" and segments[:1] == ["pg"]:
        segments = segments[1:]
    if host == "facebook.com" and segments[:1] and segments[0] in _FACEBOOK_ITEM_PAGES:
        return True
    path = "/".join([host, *segments])
    if host not in _PLATFORMS or not path.startswith(key + "/"):
        return False
    rest = path[len(key) + 1 :].split("/")
    return len(rest) >= 2 or rest[0] not in _CHANNEL_TABS


def key_prefixes(key: str) -> list[str]:
    """The keys a link may be registered under, longest first: a website page belongs to its site
    or to a registered section of it ('a.edu.vn/tin/1' -> ['a.edu.vn/tin/1', 'a.edu.vn/tin', 'a.edu.vn'])."""
    if not key or "/" not in key or "?" in key or key.split("/", 1)[0] in _PLATFORMS:
        return [key] if key else []
    parts = key.split("/")
    return ["/".join(parts[:n]) for n in range(len(parts), 0, -1)]


def handle_of(key: str) -> str:
    """The part of a normalised address that names the page ('facebook.com/abc' -> 'abc')."""
    if "/" in key:
        return key.rsplit("/", 1)[-1].lstrip("@")
    return key
