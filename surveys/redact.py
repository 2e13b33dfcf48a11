"""Redact personal details from free text before anything else sees it.

Detected details are replaced by typed placeholders (``[NAME]``, ``[NHS_NUMBER]``, ``[PHONE]``,
``[EMAIL]``, ``[POSTCODE]``, ``[ADDRESS]``, ``[DOB]``, ``[URL]``, ``[HANDLE]``, ``[NI_NUMBER]``,
``[ID_NUMBER]``, ``[VEHICLE_REG]``); every other character is kept exactly, and redacting
redacted text changes nothing. The work is done by the ``pii_redactor`` spaCy component
(registered in :mod:`surveys.nlp`), whose ``__call__`` is ``match`` (patterns + filtered NER
``PERSON``) followed by ``set_annotations``; :class:`Redactor` runs it over texts with
``nlp.pipe``.

Span conventions: a name span covers the name only ("Dr [NAME]", "my son [NAME]"), a date of
birth span covers the date only ("DOB [DOB]"), a labelled number the number only ("MRN
[ID_NUMBER]", "bed [ID_NUMBER]": a bed number points to one patient; ward names are kept).
Ten-digit numbers are NHS numbers when their modulus-11 check digit is valid or they follow
"NHS number"/"NHS no"; a number that is a valid UK phone number is a phone.

Parts: word lists in :mod:`surveys.pii_lexicon`, pattern finders (and :class:`Span`) in
:mod:`surveys.pii_patterns`, name rules in :mod:`surveys.pii_names`; this module resolves
overlaps, applies placeholders and holds the public API.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from surveys.nlp import EXTENSION, SPANS_KEY, english_words, load_nlp
from surveys.pii_names import NameFinder
from surveys.pii_patterns import PATTERN_DETECTORS, Span, is_uk_phone, nhs_check_digit_ok

__all__ = [
    "PLACEHOLDERS",
    "NameFinder",
    "PiiRedactor",
    "Redacted",
    "Redactor",
    "Span",
    "apply",
    "get_redactor",
    "is_uk_phone",
    "nhs_check_digit_ok",
    "resolve",
]

PLACEHOLDERS = {"NAME", "NHS_NUMBER", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "DOB", "URL",
                "HANDLE", "NI_NUMBER", "ID_NUMBER", "VEHICLE_REG"}

#: Which label wins when two detections overlap (lower wins, then the longer span).
PRIORITY = {"EMAIL": 0, "URL": 1, "HANDLE": 1, "NHS_NUMBER": 2, "PHONE": 2, "NI_NUMBER": 2,
            "ID_NUMBER": 2, "DOB": 3, "POSTCODE": 4, "VEHICLE_REG": 4, "ADDRESS": 5, "NAME": 6}


@dataclass(frozen=True)
class Redacted:
    """A redacted text and where its placeholders came from in the original."""

    text: str
    spans: tuple[Span, ...]

    def counts(self) -> dict[str, int]:
        """Number of redactions per label (labels with none are left out)."""
        return dict(sorted(Counter(s.label for s in self.spans).items()))


# --- resolving and applying ---------------------------------------------------------------------


def resolve(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Drop overlapping spans: the label with the higher priority wins, then the longer span."""
    ordered = sorted(spans, key=lambda s: (PRIORITY[s.label], -(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        if any(span.start < k.end and k.start < span.end for k in kept):
            continue
        kept.append(span)
    kept.sort(key=lambda s: s.start)
    return tuple(kept)


def redact_patterns(text: str) -> str:
    """``text`` with every pattern-found detail (emails, URLs, handles, phone, NHS, NI, hospital
    and bed numbers, dates of birth, postcodes, number plates, street addresses) replaced, but
    no name finding: for short answers outside free text, such as tick-box answers and
    respondent details."""
    spans = resolve(span for detect in PATTERN_DETECTORS for span in detect(text))
    return apply(text, spans) if spans else text


def apply(text: str, spans: Sequence[Span]) -> str:
    """Replace each span of ``text`` with its ``[LABEL]`` placeholder."""
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(f"[{span.label}]")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


class PiiRedactor:
    """spaCy component: find personal details and store them on the doc.

    Results go to ``doc.spans[spans_key]`` (token-aligned, for spaCy users) and to
    ``doc._.pii_spans`` (exact character offsets, used by :class:`Redactor`).
    """

    def __init__(self, nlp: Language, name: str = "pii_redactor", *, spans_key: str = SPANS_KEY,
                 use_ner: bool = True) -> None:
        self.name = name
        self.spans_key = spans_key
        self.use_ner = use_ner
        model_path = getattr(nlp, "_path", None)
        words, rules = english_words(model_path if model_path else None)
        self.names = NameFinder(words, rules)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> tuple[Span, ...]:
        """Compute the personal-detail spans of ``doc`` (no changes to the doc)."""
        text = doc.text
        if not text.strip():
            return ()
        found: list[Span] = []
        for detector in PATTERN_DETECTORS:
            found += detector(text)
        for i, j in self.names(doc, use_ner=self.use_ner):
            found.append(Span(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text), "NAME"))
        return resolve(found)

    def set_annotations(self, doc: Doc, spans: Sequence[Span]) -> None:
        """Store ``spans`` on ``doc`` (``doc.spans`` and ``doc._.pii_spans``)."""
        group = []
        for s in spans:
            span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if span is not None:
                group.append(span)
        doc.spans[self.spans_key] = group
        doc._.set(EXTENSION, tuple((s.start, s.end, s.label) for s in spans))


# --- public API ---------------------------------------------------------------------------------


class Redactor:
    """Redact personal details from texts with the spaCy pipeline.

    Parameters
    ----------
    nlp : spacy.Language, default=None
        Pipeline to use; ``None`` loads the verified model (:func:`surveys.nlp.load_nlp`). A
        pipeline without ``pii_redactor`` gets it added (last).
    batch_size : int, default=128
        Texts per ``nlp.pipe`` batch.
    n_process : int, default=1
        Worker processes for ``nlp.pipe``.
    """

    def __init__(self, *, nlp: Language | None = None, batch_size: int = 128,
                 n_process: int = 1) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.batch_size = batch_size
        self.n_process = n_process
        if "pii_redactor" not in self.nlp.pipe_names:
            self.nlp.add_pipe("pii_redactor", last=True)

    def redact(self, text: str) -> Redacted:
        """Redact one text."""
        return self.redact_many([text])[0]

    def redact_many(self, texts: Iterable[str]) -> list[Redacted]:
        """Redact many texts, in order, batching them through ``nlp.pipe``."""
        texts = list(texts)
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"can only redact str, not {type(text).__name__}")
        results: list[Redacted | None] = [
            Redacted(t, ()) if not t.strip() else None for t in texts
        ]
        todo = [i for i, r in enumerate(results) if r is None]
        if todo:
            longest = max(len(texts[i]) for i in todo)
            if longest >= self.nlp.max_length:
                self.nlp.max_length = longest + 1
            docs = self.nlp.pipe((texts[i] for i in todo), batch_size=self.batch_size,
                                 n_process=self.n_process)
            for i, doc in zip(todo, docs, strict=True):
                spans = tuple(Span(s, e, lab) for s, e, lab in doc._.get(EXTENSION))
                results[i] = Redacted(apply(texts[i], spans), spans)
        return [r for r in results if r is not None]


@lru_cache(maxsize=1)
def get_redactor() -> Redactor:
    """The process-wide redactor (model loaded and verified once)."""
    return Redactor()
