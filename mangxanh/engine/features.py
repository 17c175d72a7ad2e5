"""Text preprocessing and hashed n-gram features of the statistical classifier.

The classifier owns its preprocessing so that its features stay stable whatever changes elsewhere
in the engine. Every text becomes two keys, both lower-cased, NFC, with squeezed letter runs,
one tone-mark placement, teen code expanded and tokens separated by single spaces:

* the accented key ("đm thằng này ngu vãi" -> "địt mẹ thằng này ngu vãi"),
* the folded key, the same text without diacritics ("dit me thang nay ngu vai").

Features are word and character n-grams of both keys, hashed into ``2**bits`` buckets with a
polynomial rolling hash computed by numpy over a whole batch at once: no per-n-gram Python work,
no vocabulary to store, and the same numbers on every machine (Python's ``hash()`` is salted per
process, so it is never used here).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

# --- preprocessing -------------------------------------------------------------------------------

# Teen code and common abbreviations -> full form. Our own list, written from everyday usage.
TEEN_CODE: dict[str, str] = {
    # function words
    "ko": "không", "k": "không", "kh": "không", "khg": "không", "kg": "không", "hok": "không",
    "hông": "không", "hem": "không", "kô": "không", "j": "gì", "ji": "gì", "gi": "gì",
    "dc": "được", "đc": "được", "dk": "được", "đk": "được", "duoc": "được",
    "r": "rồi", "rùi": "rồi", "oy": "rồi", "roài": "rồi", "z": "vậy", "v": "vậy", "zậy": "vậy",
    "vs": "với", "cx": "cũng", "cũg": "cũng", "ntn": "như thế nào", "trc": "trước",
    "bít": "biết", "bik": "biết", "bjt": "biết", "bh": "bao giờ", "bn": "bao nhiêu",
    "mn": "mọi người", "mng": "mọi người", "ng": "người", "ngta": "người ta", "ae": "anh em",
    "mk": "mình", "mik": "mình", "ny": "người yêu", "thg": "thằng", "th": "thằng",
    "bme": "bố mẹ", "bm": "bố mẹ", "ck": "chồng", "vk": "vợ", "a": "anh", "e": "em",
    "t": "tao", "m": "mày", "mày": "mày", "mậy": "mày", "tui": "tôi", "iu": "yêu",
    "đag": "đang", "dag": "đang", "wá": "quá", "qá": "quá", "wa": "quá", "lun": "luôn",
    # vulgar abbreviations and disguises
    "dm": "địt mẹ", "đm": "địt mẹ", "dmm": "địt mẹ mày", "đmm": "địt mẹ mày",
    "dcm": "địt con mẹ", "đcm": "địt con mẹ", "dkm": "địt con mẹ", "đkm": "địt con mẹ",
    "dcmm": "địt con mẹ mày", "đcmm": "địt con mẹ mày", "clm": "con lồn mẹ",
    "cmm": "con mẹ mày", "cmnr": "con mẹ nó rồi", "cmn": "con mẹ nó",
    "vl": "vãi lồn", "vcl": "vãi cả lồn", "vkl": "vãi cả lồn", "vleu": "vãi lều", "vlin": "vãi lìn",
    "cl": "cái lồn", "clgt": "cái lồn gì thế", "cc": "cặc", "cak": "cặc", "kặc": "cặc",
    "loz": "lồn", "lol": "lồn", "lìn": "lồn", "l": "lồn", "buoi": "buồi", "đb": "đầu buồi",
    "db": "đầu buồi", "ml": "mặt lồn", "dell": "đéo", "đell": "đéo", "éo": "đéo", "đếch": "đéo",
    "del": "đéo", "đ": "đéo", "d": "đéo", "djt": "địt", "đjt": "địt", "dit": "địt", "đít": "địt",
    "fuck": "địt", "đụ": "địt", "du": "đụ", "occho": "óc chó", "oc": "óc",
    "ngáo": "ngáo", "cứt": "cứt", "shit": "cứt", "sml": "sấp mặt lồn",
}

# Old/new tone placement at the end of a syllable ("hoà"/"hòa", "thuỷ"/"thủy"): one key.
_TONES = {"\u0300": "`", "\u0301": "'", "\u0309": "?", "\u0303": "~", "\u0323": "."}


def _tone_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in _TONES:
            new_style = first + unicodedata.normalize("NFC", second + mark)
            old_style = unicodedata.normalize("NFC", first + mark) + second
            pairs[new_style] = old_style
    return pairs


_TONE_PAIRS = _tone_pairs()
_TONE_RE = re.compile("(?:" + "|".join(map(re.escape, _TONE_PAIRS)) + r")(?!\w)")
_SQUEEZE_RE = re.compile(r"(\w)\1{2,}|([^\w\s])\2{2,}")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_FOLD_TABLE: dict[int, str] = {}


def _build_fold_table() -> None:
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            _FOLD_TABLE[code] = base
    _FOLD_TABLE.update({ord("đ"): "d", ord("Đ"): "D"})


_build_fold_table()
_FOLD_TRANS = str.maketrans(_FOLD_TABLE)


def fold(text: str) -> str:
    """Remove Vietnamese diacritics ("đường" -> "duong"); expects NFC text."""
    return text.translate(_FOLD_TRANS)


def _squeeze(match: re.Match) -> str:
    return match.group(1) or match.group(2)


def accented_key(text: str) -> str:
    """NFC, lower case, one tone placement, squeezed runs, teen code expanded, space-joined tokens."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], text)
    text = _SQUEEZE_RE.sub(_squeeze, text)
    get = TEEN_CODE.get
    return " ".join([get(tok, tok) for tok in _TOKEN_RE.findall(text)])


def keys(text: str) -> tuple[str, str]:
    """The accented and the folded key of one text."""
    acc = accented_key(text)
    return acc, fold(acc)


# --- hashing -------------------------------------------------------------------------------------

_MASK64 = (1 << 64) - 1
_P = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_Q = pow(_P, -1, 1 << 64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SEP = "\n"  # never inside a key: keys are single-space joined tokens


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which n-grams of which key are hashed into how many buckets."""

    bits: int = 20
    word_orders: tuple[int, ...] = (1, 2, 3)
    char_orders: tuple[int, ...] = (1, 2, 3, 4, 5)
    # "acc" = accented key, "fold" = diacritic-free key
    word_keys: tuple[str, ...] = ("acc", "fold")
    char_keys: tuple[str, ...] = ("acc", "fold")
    # One more block of hint tokens: what the engine's own rules found in the text (hints.py).
    hints: bool = False

    def blocks(self) -> list[tuple[str, str]]:
        """(kind, key) of every block; each block is L2-normalised on its own."""
        blocks = [("word", k) for k in self.word_keys] + [("char", k) for k in self.char_keys]
        return blocks + [("hint", "hint")] if self.hints else blocks

    def to_dict(self) -> dict:
        return {
            "bits": self.bits,
            "word_orders": list(self.word_orders),
            "char_orders": list(self.char_orders),
            "word_keys": list(self.word_keys),
            "char_keys": list(self.char_keys),
            "hints": self.hints,
        }

    @classmethod
    def from_dict(cls, data: dict) -> FeatureSpec:
        bits = int(data["bits"])
        if not 8 <= bits <= 24:
            raise ValueError("bits out of range")
        word_orders = tuple(int(n) for n in data["word_orders"])
        char_orders = tuple(int(n) for n in data["char_orders"])
        if any(not 1 <= n <= 8 for n in word_orders + char_orders):
            raise ValueError("n-gram order out of range")
        word_keys = tuple(str(k) for k in data["word_keys"])
        char_keys = tuple(str(k) for k in data["char_keys"])
        if any(k not in ("acc", "fold") for k in word_keys + char_keys):
            raise ValueError("unknown key")
        hints = data.get("hints", False)  # absent in files written before hints existed
        if not isinstance(hints, bool):
            raise ValueError("hints must be true or false")
        return cls(bits, word_orders, char_orders, word_keys, char_keys, hints)


def _salt(kind: str, key: str, order: int) -> np.uint64:
    value = 1469598103934665603
    for byte in f"{kind}:{key}:{order}".encode():
        value = ((value ^ byte) * 1099511628211) & _MASK64
    return np.uint64(value)


@dataclass(slots=True)
class _Powers:
    """Cached P**i and Q**i modulo 2**64, grown on demand."""

    p: np.ndarray = field(default_factory=lambda: np.ones(1, dtype=np.uint64))
    q: np.ndarray = field(default_factory=lambda: np.ones(1, dtype=np.uint64))

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.p) < n:
            size = max(n, 2 * len(self.p), 1 << 16)
            with np.errstate(over="ignore"):
                self.p = np.cumprod(np.full(size, _P, dtype=np.uint64), dtype=np.uint64)
                self.q = np.cumprod(np.full(size, _Q, dtype=np.uint64), dtype=np.uint64)
            # cumprod gives P**(i+1); shift so that index i holds P**i
            self.p = np.concatenate([np.ones(1, dtype=np.uint64), self.p[:-1]])
            self.q = np.concatenate([np.ones(1, dtype=np.uint64), self.q[:-1]])
        return self.p[:n], self.q[:n]


_POWERS = _Powers()


def _mix(h: np.ndarray, salt: np.uint64, bits: int) -> np.ndarray:
    h = h ^ salt
    h ^= h >> np.uint64(31)
    h *= _MIX
    h ^= h >> np.uint64(29)
    h *= _MIX
    return (h >> np.uint64(64 - bits)).astype(np.int64)


def hashed_ngrams(
    key_texts: list[str], kind: str, key: str, spec: FeatureSpec, word_orders: tuple[int, ...] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(doc index, bucket) of every n-gram occurrence of one block, for a batch of key strings.

    Keys are padded with a space on each side so that character n-grams see word boundaries.
    ``word_orders`` overrides the spec's word n-gram orders (hint tokens are unigrams).
    """
    joined = _SEP + _SEP.join(key_texts) + _SEP
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n_chars = len(codes)
    is_sep = codes == ord(_SEP)
    doc_of = np.cumsum(is_sep) - 1  # doc index of each position (separators belong to the next doc)
    ppow, qpow = _POWERS.get(n_chars + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n_chars + 1, dtype=np.uint64)
        np.cumsum(codes * qpow[:n_chars], out=prefix[1:])
    docs_out: list[np.ndarray] = []
    buckets_out: list[np.ndarray] = []

    def substring_hash(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return (prefix[ends] - prefix[starts]) * ppow[starts]

    if kind == "char":
        # separators act as the padding space on both sides of every key
        with np.errstate(over="ignore"):
            padded = np.where(is_sep, np.uint64(32), codes)
            prefix_p = np.zeros(n_chars + 1, dtype=np.uint64)
            np.cumsum(padded * qpow[:n_chars], out=prefix_p[1:])
        sep_count = np.zeros(n_chars + 1, dtype=np.int64)
        np.cumsum(is_sep, out=sep_count[1:])
        for order in spec.char_orders:
            if n_chars < order:
                continue
            starts = np.arange(n_chars - order + 1)
            ends = starts + order
            # an n-gram may touch at most one separator, at its first or last position
            inner = sep_count[ends - 1] - sep_count[starts + 1] if order > 2 else np.zeros(len(starts), np.int64)
            ok = inner == 0
            if order >= 2:
                ok &= ~(is_sep[starts] & is_sep[ends - 1])
            else:
                ok &= ~is_sep[starts]
            starts, ends = starts[ok], ends[ok]
            with np.errstate(over="ignore"):
                h = (prefix_p[ends] - prefix_p[starts]) * ppow[starts]
            # a separator belongs to the doc after it, so doc_of[start] is right at both edges
            docs_out.append(doc_of[starts])
            buckets_out.append(_mix(h, _salt(kind, key, order), spec.bits))
    else:
        is_tok = (codes != 32) & ~is_sep
        prev_tok = np.concatenate([[False], is_tok[:-1]])
        next_tok = np.concatenate([is_tok[1:], [False]])
        w_starts = np.flatnonzero(is_tok & ~prev_tok)
        w_ends = np.flatnonzero(is_tok & ~next_tok) + 1
        w_docs = doc_of[w_starts]
        for order in word_orders or spec.word_orders:
            if len(w_starts) < order:
                continue
            s = w_starts[: len(w_starts) - order + 1]
            e = w_ends[order - 1 :]
            d = w_docs[: len(w_docs) - order + 1]
            ok = d == w_docs[order - 1 :]
            s, e, d = s[ok], e[ok], d[ok]
            docs_out.append(d)
            buckets_out.append(_mix(substring_hash(s, e), _salt(kind, key, order), spec.bits))
    if not docs_out:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(docs_out), np.concatenate(buckets_out)


def accented_keys(texts: list[str]) -> list[str]:
    """``accented_key`` of each text, with the regular expressions run once over the whole batch.

    A newline inside a text is whitespace to every step, so it can stand between the texts.
    """
    joined = unicodedata.normalize("NFC", "\n".join(t.replace("\n", " ") for t in texts)).lower()
    joined = _SQUEEZE_RE.sub(_squeeze, _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], joined))
    get = TEEN_CODE.get
    findall = _TOKEN_RE.findall
    return [" ".join([get(tok, tok) for tok in findall(part)]) for part in joined.split("\n")]


def batch_keys(texts: list[str]) -> dict[str, list[str]]:
    """Accented and folded keys of a batch."""
    acc = accented_keys(texts)
    joined = fold(_SEP.join(acc))
    return {"acc": acc, "fold": joined.split(_SEP)}


def block_occurrences(
    texts: list[str], spec: FeatureSpec, hints: list[list[str]] | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each block of the spec, (doc index, bucket) of every n-gram occurrence.

    ``hints`` (one list of space-free tokens per text) fills the hint block of a spec that has one.
    """
    key_texts = batch_keys(texts)
    out = [hashed_ngrams(key_texts[key], kind, key, spec) for kind, key in spec.blocks() if kind != "hint"]
    if spec.hints:
        if hints is None or len(hints) != len(texts):
            raise ValueError("this feature spec needs one hint list per text")
        out.append(hashed_ngrams([" ".join(h) for h in hints], "word", "hint", spec, word_orders=(1,)))
    return out
