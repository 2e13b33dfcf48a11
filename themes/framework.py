"""Theme frameworks: load, validate and describe the themes comments are coded to.

A framework is a YAML file with ``name``, optional ``description`` and a list of ``themes``,
each with ``id``, ``name``, ``description`` and optional ``keywords`` and ``examples``.
Bundled frameworks live in ``data/frameworks/`` and can be loaded by bare name
(``load_framework("strategy")``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FRAMEWORK = "strategy"
ID_PATTERN = re.compile(r"^[a-z0-9_-]+$")
_FRAMEWORK_KEYS = ("name", "description", "themes")
_THEME_KEYS = ("id", "name", "description", "keywords", "examples")


class FrameworkError(ValueError):
    """A framework file or mapping is missing, unreadable or invalid."""


@dataclass(frozen=True)
class Theme:
    """One theme of a framework."""

    id: str
    name: str
    description: str
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Built in code, a theme gets the type checks a YAML file gets (not its id format).
        for name in ("id", "name", "description"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise FrameworkError(
                    f"theme {self.id!r}: {name} must be text, got {type(value).__name__}")
        if not self.id.strip() or not self.name.strip():
            raise FrameworkError("a theme needs an id and a name")
        for name in ("keywords", "examples"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise FrameworkError(
                    f"theme {self.id!r}: {name} must be a list of texts, not one text "
                    f"(write [{value!r}] or split it)")
            items = tuple(value)
            if not all(isinstance(item, str) for item in items):
                raise FrameworkError(f"theme {self.id!r}: every one of its {name} must be text")
            object.__setattr__(self, name, items)  # a tuple: themes stay hashable

    def to_dict(self) -> dict[str, Any]:
        """Plain mapping, as written in framework YAML."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "keywords": list(self.keywords),
            "examples": list(self.examples),
        }


@dataclass(frozen=True)
class Framework:
    """A named, ordered set of themes with unique ids."""

    name: str
    themes: tuple[Theme, ...]
    description: str = ""
    _index: dict[str, Theme] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        themes = tuple(self.themes)
        object.__setattr__(self, "themes", themes)
        index = {theme.id: theme for theme in themes}
        if len(index) != len(themes):
            raise FrameworkError(f"framework {self.name!r}: theme ids must be unique")
        object.__setattr__(self, "_index", index)

    @property
    def ids(self) -> list[str]:
        """Theme ids in framework order."""
        return [theme.id for theme in self.themes]

    def get(self, theme_id: str) -> Theme:
        """The theme with ``theme_id``; ``KeyError`` naming the known ids if absent."""
        try:
            return self._index[theme_id]
        except KeyError:
            raise KeyError(
                f"no theme {theme_id!r} in framework {self.name!r}; known: {', '.join(self.ids)}"
            ) from None

    def __len__(self) -> int:
        return len(self.themes)

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def __contains__(self, theme_id: object) -> bool:
        return theme_id in self._index

    def to_dict(self) -> dict[str, Any]:
        """Plain mapping that :func:`parse_framework` turns back into an equal framework."""
        return {
            "name": self.name,
            "description": self.description,
            "themes": [theme.to_dict() for theme in self.themes],
        }


def _text(value: Any, where: str, *, required: bool) -> str:
    if value is None:
        if required:
            raise FrameworkError(f"{where} is missing")
        return ""
    if not isinstance(value, str):
        raise FrameworkError(f"{where} must be text, got {type(value).__name__}")
    text = " ".join(value.split())
    if required and not text:
        raise FrameworkError(f"{where} must not be empty")
    return text


def _text_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        raise FrameworkError(f"{where} must be a list of text, got {type(value).__name__}")
    items: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        text = _text(item, f"{where}[{i}]", required=True)
        if text not in items:
            items.append(text)
    return tuple(items)


def _unknown_keys(mapping: Mapping, allowed: tuple[str, ...], where: str) -> None:
    unknown = [str(key) for key in mapping if key not in allowed]
    if unknown:
        raise FrameworkError(
            f"{where}: unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(allowed)}"
        )


def _description(value: Any, where: str) -> str:
    try:
        return _text(value, where, required=True)
    except FrameworkError as exc:
        raise FrameworkError(
            f"{exc}: say in a sentence or two what people say about this theme (before anyone "
            "labels a comment, the model suggests themes from their descriptions)"
        ) from None


def _parse_theme(raw: Any, where: str, seen: dict[str, int], index: int) -> Theme:
    if not isinstance(raw, Mapping):
        raise FrameworkError(f"{where} must be a mapping with id, name and description")
    _unknown_keys(raw, _THEME_KEYS, where)
    raw_id = raw.get("id")
    if raw_id is None:
        raise FrameworkError(f"{where}.id is missing")
    if not isinstance(raw_id, str):
        raise FrameworkError(f"{where}.id must be text, got {type(raw_id).__name__}")
    if not ID_PATTERN.match(raw_id):
        raise FrameworkError(
            f"{where}.id {raw_id!r} must be lowercase letters, digits, '_' or '-' "
            f"(e.g. {suggest_id(raw_id)!r})"
        )
    if raw_id in seen:
        raise FrameworkError(
            f"{where}.id {raw_id!r} duplicates themes[{seen[raw_id]}].id; ids must be unique"
        )
    seen[raw_id] = index
    return Theme(
        id=raw_id,
        name=_text(raw.get("name"), f"{where}.name", required=True),
        description=_description(raw.get("description"), f"{where}.description"),
        keywords=_text_list(raw.get("keywords"), f"{where}.keywords"),
        examples=_text_list(raw.get("examples"), f"{where}.examples"),
    )


def parse_framework(mapping: Any, source: str = "<framework>") -> Framework:
    """Validate a mapping (e.g. parsed YAML) and build a :class:`Framework`.

    Parameters
    ----------
    mapping : Mapping
        ``{"name": ..., "description": ..., "themes": [{"id", "name", "description", ...}]}``.
    source : str, default="<framework>"
        Where the mapping came from; starts every error message.

    Raises
    ------
    FrameworkError
        Naming ``source`` and the offending field, e.g.
        ``"data/x.yaml: themes[2].id 'Access' must be lowercase ..."``.
    """
    if not isinstance(mapping, Mapping):
        got = "nothing (empty file)" if mapping is None else type(mapping).__name__
        raise FrameworkError(
            f"{source}: a framework must be a mapping with 'name' and 'themes', got {got}"
        )
    try:
        _unknown_keys(mapping, _FRAMEWORK_KEYS, "framework")
        name = _text(mapping.get("name"), "name", required=True)
        description = _text(mapping.get("description"), "description", required=False)
        raw_themes = mapping.get("themes")
        if raw_themes is None:
            raise FrameworkError("themes is missing")
        if not isinstance(raw_themes, list):
            raise FrameworkError(
                f"themes must be a list of themes, got {type(raw_themes).__name__}"
            )
        if not raw_themes:
            raise FrameworkError("themes must list at least one theme")
        seen: dict[str, int] = {}
        themes = tuple(
            _parse_theme(raw, f"themes[{i}]", seen, i) for i, raw in enumerate(raw_themes)
        )
        names: dict[str, int] = {}
        for i, theme in enumerate(themes):
            key = " ".join(theme.name.split()).casefold()
            if key in names:
                raise FrameworkError(
                    f"themes[{i}].name {theme.name!r} is also the name of themes[{names[key]}]; "
                    "names must differ so reviewers (and labels files) can tell them apart"
                )
            names[key] = i
    except FrameworkError as exc:
        raise FrameworkError(f"{source}: {exc}") from None
    return Framework(name=name, themes=themes, description=description)


def frameworks_dir() -> Path | None:
    """The bundled ``data/frameworks`` folder: beside the packages, else ``$ENGAGE_DATA_DIR``."""
    beside = Path(__file__).resolve().parent.parent / "data" / "frameworks"
    if beside.is_dir():
        return beside
    env = os.environ.get("ENGAGE_DATA_DIR")
    if env:
        for candidate in (Path(env) / "frameworks", Path(env)):
            if candidate.is_dir():
                return candidate
    return None


def bundled_frameworks() -> dict[str, Path]:
    """Bundled framework files by bare name (file stem), e.g. ``{"strategy": Path(...)}``."""
    folder = frameworks_dir()
    if folder is None:
        return {}
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    return {path.stem: path for path in files}


def _resolve(path_or_name: str | os.PathLike[str]) -> Path:
    path = Path(path_or_name)
    if path.is_file():
        return path
    name = str(path_or_name)
    is_bare = path.suffix == "" and len(path.parts) == 1
    if is_bare:
        bundled = bundled_frameworks()
        if name in bundled:
            return bundled[name]
        known = ", ".join(bundled) or "none found"
        raise FrameworkError(
            f"{name}: no such framework file or bundled framework (bundled: {known})"
        )
    if path.is_dir():
        raise FrameworkError(f"{name}: is a folder, not a framework YAML file")
    raise FrameworkError(f"{name}: framework file not found")


def load_framework(path_or_name: str | os.PathLike[str] | None = None) -> Framework:
    """Load a framework from a YAML file (or a CSV/XLSX table of themes, see
    :mod:`themes.framework_table`), or a bundled one by bare name.

    ``None`` loads the default bundled framework (``"strategy"``).
    """
    path = _resolve(DEFAULT_FRAMEWORK if path_or_name is None else path_or_name)
    if path.suffix.lower() in (".csv", ".xlsx", ".tsv"):
        from themes.framework_table import framework_from_table

        return framework_from_table(path)
    source = str(path)
    if path.suffix.lower() not in (".yaml", ".yml", ""):
        raise FrameworkError(
            f"{source}: a framework is a YAML file (.yaml), or a table of themes (.csv, .xlsx); "
            f"{path.suffix} files are not frameworks"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{source}: cannot read file ({exc})") from None
    try:
        mapping = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        why = f" ({problem})" if problem else ""
        raise FrameworkError(
            f"{source}: not valid YAML{where}{why}; if a value holds a colon or starts with a "
            "quote, put the whole value in quotes"
        ) from None
    return parse_framework(mapping, source=source)


_CLAUSE_BREAK = re.compile(r"[:;,.()]")


def suggest_id(text: str) -> str:
    """A valid theme id made from any text: accents dropped, other characters to ``_``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_-]+", "_", plain.strip().lower()).strip("_") or "theme"


def description_clauses(description: str) -> list[str]:
    """The phrases of a description ("waits, referrals bounced back, ...") of 2+ words each."""
    parts = (part.strip() for part in _CLAUSE_BREAK.split(description))
    return [part for part in parts if len(part.split()) >= 2]


def theme_texts(theme: Theme, *, clauses: bool = True) -> list[str]:
    """The framework's own words for a theme, as statements to compare comments with.

    Name with description, the example statements, then (with ``clauses``) each phrase of the
    description on its own: a description usually lists several things people say ("waiting
    lists, referrals bounced back, not knowing where to go"), and a comment tends to match one
    of them. The phrases also let a framework with no examples be calibrated (see
    :class:`~themes.classifier.ThemeClassifier`). Leave them out for word-count vectors, in
    which short phrases share too few words to compare.
    """
    statements = [f"{theme.name}: {theme.description}", *theme.examples]
    if clauses:
        statements += description_clauses(theme.description)
    return list(dict.fromkeys(statements))
