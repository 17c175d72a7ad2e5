"""Links in the text, scored offline: shorteners, punycode and mixed-script domains, look-alikes of
official gov.vn / edu.vn names, brand words in sub-domains of unrelated domains, risky TLDs.

tldextract runs on its bundled public-suffix snapshot only (no suffix list URLs, no cache dir),
so nothing is ever fetched; idna decodes punycode.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import idna
import tldextract

from ..normalize import Normalized
from ..result import Finding
from .base import finding_at, noisy_or

URL_RE = re.compile(
    r"(?:(?:https?|hxxps?)://|www\.)[^\s<>\"'()\[\]{}]+"
    r"|(?<![\w@.\-])(?:[\w\-]+\.)+(?:[a-zA-Z]{2,24}|xn--[a-zA-Z0-9\-]+)(?::\d+)?(?:/[^\s<>\"'()\[\]{}]*)?(?![\w@])",
    re.UNICODE,
)
# Every match of URL_RE contains one of these (a dot before a letter of the top-level domain,
# "://" or "www."): a quick test that skips the costly expression for most texts.
URL_HINT_RE = re.compile(r"\.[a-zA-Z]|://|www\.")
TRAILING = ".,;:!?…»”’"

SHORTENERS = frozenset(
    "bit.ly bitly.com tinyurl.com goo.gl t.co ow.ly is.gd v.gd buff.ly cutt.ly rb.gy shorturl.at tiny.cc "
    "s.id t.ly rebrand.ly shorten.asia link1s.com bom.so urlz.fr short.gy tinu.be 1url.vn surl.li u.to "
    "clck.ru qr.net lnkd.in t.me".split()
)
RISKY_TLDS = frozenset(
    "xyz top click icu buzz monster cyou cfd sbs rest lol quest bond tk ml ga cf gq work live site online "
    "store shop fun vip club loan win bid men date racing review stream download zip mov country kim "
    "party science gdn link info cc".split()
)
# Brand / agency word -> the registered domains that really belong to it.
BRANDS: dict[str, frozenset[str]] = {
    "vietcombank": frozenset({"vietcombank.com.vn"}),
    "vietinbank": frozenset({"vietinbank.vn"}),
    "techcombank": frozenset({"techcombank.com.vn", "techcombank.com"}),
    "agribank": frozenset({"agribank.com.vn"}),
    "bidv": frozenset({"bidv.com.vn"}),
    "mbbank": frozenset({"mbbank.com.vn"}),
    "tpbank": frozenset({"tpb.vn", "tpbank.vn", "tpbank.com.vn"}),
    "vpbank": frozenset({"vpbank.com.vn"}),
    "sacombank": frozenset({"sacombank.com.vn"}),
    "momo": frozenset({"momo.vn"}),
    "zalopay": frozenset({"zalopay.vn"}),
    "zalo": frozenset({"zalo.me", "zalo.vn", "zaloapp.com", "zadn.vn"}),
    "facebook": frozenset({"facebook.com", "fb.com", "fb.me", "fb.watch", "facebook.net", "m.me"}),
    "messenger": frozenset({"messenger.com", "m.me"}),
    "google": frozenset({"google.com", "google.com.vn", "goo.gl", "youtube.com"}),
    "tiktok": frozenset({"tiktok.com"}),
    "shopee": frozenset({"shopee.vn"}),
    "bocongan": frozenset({"bocongan.gov.vn"}),
        "dichvucong": frozenset({"dichvucong.gov.vn"}),
    "vneid": frozenset({"vneid.gov.vn"}),
    "chinhphu": frozenset({"chinhphu.vn"}),
    "moet": frozenset({"moet.gov.vn"}),
    "baohiemxahoi": frozenset({"baohiemxahoi.gov.vn"}),
    "vssid": frozenset({"baohiemxahoi.gov.vn"}),
    "thuedientu": frozenset({"gdt.gov.vn"}),
    "canhbao": frozenset({"khonggianmang.vn", "ais.gov.vn"}),
}
# Short names banks sign their SMS with. Alone they are also real domains (acb.com.vn), so they count
# only as one word of a hyphenated domain ("vcb-huy-gd.com"), the shape of look-alike sites.
BANK_ALIASES = frozenset({"vcb", "vtb", "ctg", "tpb", "mbb", "acb", "vpb", "stb", "hdb", "shb", "scb", "ocb", "vib",
                          "msb", "lpb", "bidv", "agri", "techcom", "vietin", "sacom"})
OFFICIAL_SUFFIXES = ("gov.vn", "edu.vn")
SCAM_DOMAIN_WORDS = (
    "hoantien", "hocphi", "nhanqua", "trungthuong", "nhanthuong", "dinhdanh", "xacthuc", "xacminh", "baomat",
    "khoatk", "mokhoa", "hotro-", "-hotro", "hoanphi", "quatang", "tangqua", "freefire", "napthe", "nhanskin",
)
OWNED_DOMAINS = frozenset().union(*BRANDS.values()) | {
    "googleusercontent.com", "googleapis.com", "gstatic.com", "zalo.me", "fbcdn.net", "facebookmail.com",
}
_LEET_DOMAIN = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


@lru_cache(maxsize=1)
def extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def _script(ch: str) -> str:
    if ch.isascii():
        return "latin" if ch.isalpha() else ""
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CJK", "HANGUL", "ARABIC", "HEBREW", "THAI"):
        if name.startswith(script):
            return script.lower()
    return "other"


def score_url(url: str) -> tuple[float, list[str]]:
    """Risk score in [0, 1] and the Vietnamese reasons for it (empty when the link looks normal)."""
    raw = url.strip()
    rest = re.sub(r"^(?:https?|hxxps?)://", "", raw, flags=re.IGNORECASE)
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    reasons: list[tuple[float, str]] = []
    if "@" in authority:
        reasons.append((0.6, "có ký tự @ trong tên miền để đánh lừa người xem"))
        authority = authority.rsplit("@", 1)[1]
    host = authority.split(":", 1)[0].strip(".").lower()
    if not host:
        return 0.0, []
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host):
        return 0.5, ["liên kết dùng địa chỉ IP thay cho tên miền"]
    labels = host.split(".")
    decoded_labels = []
    for label in labels:
        if label.startswith("xn--"):
            try:
                decoded_labels.append(idna.decode(label))
            except (idna.IDNAError, UnicodeError, ValueError):
                decoded_labels.append(label)
            reasons.append((0.5, "tên miền mã hóa punycode (xn--), có thể giả chữ"))
        else:
            decoded_labels.append(label)
    for label in decoded_labels:
        scripts = {_script(c) for c in label} - {""}
        if len(scripts) > 1:
            reasons.append((0.8, "tên miền trộn nhiều bảng chữ cái (chữ giả mạo)"))
            break
        if scripts and scripts != {"latin"} and any(c in "аеорсухіѕјοαρνυκ" for c in label):
            reasons.append((0.7, "tên miền dùng chữ Kirin/Hy Lạp giống chữ Latinh"))
            break
    ascii_host = ".".join(decoded_labels)
    ext = extractor()(ascii_host)
    suffix = ext.suffix.lower()
    registered = ".".join(p for p in (ext.domain, suffix) if p).lower()
    if registered in SHORTENERS or host in SHORTENERS:
        reasons.append((0.35, "liên kết rút gọn che giấu địa chỉ thật"))
    if suffix.rsplit(".", 1)[-1] in RISKY_TLDS:
        reasons.append((0.3, f"đuôi tên miền .{suffix.rsplit('.', 1)[-1]} hay bị dùng cho trang lừa đảo"))
    bait = [w for w in SCAM_DOMAIN_WORDS if w in ext.domain.lower() or w in ext.subdomain.lower()]
    if bait:
        reasons.append((0.4, f"tên miền chứa từ hay dùng để dụ dỗ (\"{bait[0]}\")"))
    official = suffix in OFFICIAL_SUFFIXES or any(suffix.endswith("." + s) for s in OFFICIAL_SUFFIXES)
    if not official:
        flat = re.sub(r"[^a-z0-9]", "", ext.domain.lower().translate(_LEET_DOMAIN))
        sub = re.sub(r"[^a-z0-9.]", "", ext.subdomain.lower().translate(_LEET_DOMAIN))
        domain_words = re.split(r"[-_]", ext.domain.lower().translate(_LEET_DOMAIN))
        if re.search(r"(?:^|[-_.])(?:gov|edu)(?:$|[-_.])", ext.domain.lower() + "." + ext.subdomain.lower()) or (
            any(w in ("gov", "govvn", "eduvn", "edu") for w in domain_words)
        ):
            reasons.append((0.75, "tên miền giả dạng tên miền cơ quan nhà nước, nhà trường (gov.vn / edu.vn)"))
        if registered not in OWNED_DOMAINS:
            for brand in BRANDS:
                if brand in flat:
                    reasons.append((0.7, f"tên miền giả tên \"{brand}\" nhưng không phải trang chính thức"))
                    break
                if any(brand in part for part in sub.split(".")):
                    reasons.append((0.8, f"tên \"{brand}\" nằm trong tên miền phụ của một trang không liên quan"))
                    break
            if len(domain_words) > 1 and any(w in BANK_ALIASES for w in domain_words):
                alias = next(w for w in domain_words if w in BANK_ALIASES)
                reasons.append((0.7, f"tên miền ghép tên viết tắt ngân hàng \"{alias}\" với từ khác, không phải trang chính thức"))
        if ext.domain and ext.domain != ext.domain.translate(_LEET_DOMAIN) and any(
            b in flat for b in BRANDS
        ):
            reasons.append((0.3, "tên miền thay chữ bằng số (0 thay o, 1 thay l)"))
    if not reasons:
        return 0.0, []
    score = noisy_or([s for s, _ in reasons])
    return score, [r for _, r in reasons]


class UrlDetector:
    name = "urls"

    @classmethod
    def build(cls, policy, **options) -> UrlDetector:
        return cls()

    def detect(self, norm: Normalized) -> list[Finding]:
        text = norm.text
        if "." not in text or URL_HINT_RE.search(text) is None:
            return []
        findings = []
        for m in URL_RE.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in TRAILING:
                end -= 1
            url = text[start:end]
            if "." not in url:
                continue
            score, reasons = score_url(url)
            if not reasons:
                continue
            findings.append(
                finding_at(text, start, end, category="scam", severity="high" if score >= 0.7 else "medium",
                           rule="url.suspicious", explanation="Liên kết đáng ngờ: " + "; ".join(reasons),
                           score=score)
            )
        return findings
