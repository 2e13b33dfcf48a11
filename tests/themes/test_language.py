"""Comments not in English are found (so a person can check them); English never is."""

import csv
from pathlib import Path

import pytest

from themes.language import detect_language, detect_languages

FIXTURES = Path(__file__).parent.parent / "fixtures" / "language"


def rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", rows("not_english.csv"), ids=lambda r: r["language"])
def test_comments_in_other_languages_are_named(row: dict[str, str]) -> None:
    assert detect_language(row["text"]) == row["language"]


def test_english_with_names_jargon_and_typos_is_english() -> None:
    texts = [r["text"] for r in rows("english.csv")]
    assert detect_languages(texts) == [None] * len(texts)


def test_too_short_to_tell_is_not_guessed() -> None:
    assert detect_languages(["Diolch", "Dziękuję bardzo", ""]) == [None, None, None]


def test_the_answer_is_the_same_every_time() -> None:
    text = "Nie mogę dostać pomocy, kiedy mam kryzys w nocy."
    assert {detect_language(text) for _ in range(5)} == {"Polish"}


def test_a_single_string_is_refused() -> None:
    with pytest.raises(TypeError):
        detect_languages("Roedd y staff yn garedig iawn")


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial: Roman Urdu was given a tone and counted as checked for risk
        "Mujhe apni zubaan mein baat karne wala koi nahi mila.",
        "Meri ammi ko bahut der tak intezar karna pada aur kisi ne madad nahi ki.",
        "Doctor bahut acha tha lekin appointment ke liye bahut wait karna pada.",
        "Mera beta bahut pareshan hai, usko help chahiye.",
        "Mainu koi samajh nahi aaya ki ki karna hai.",
    ],
)
def test_urdu_hindi_or_punjabi_in_latin_letters_is_named(text: str) -> None:
    assert detect_language(text) == "Urdu, Hindi or Punjabi (Latin letters)"


def test_english_with_hai_like_words_names_and_text_speak_is_english() -> None:
    texts = [
        "Hai guys, the staff at the Koi Centre were great.",
        "Ki and Ko from the ward were kind to my mum.",
        "Dr Mehra and Dr Kaur were brilliant, no complaints at all.",
        "tha staff r gr8 tha best ward ever lol",
        "Raha and Gaya were my nurses, both amazing, thank you.",
        "We had chow mein at the Mein Ho cafe after the appointment, aur nice.",
        "Nahi, my key worker, is always there for me and my kids.",
        "The Bhai family support group meets at the gurdwara on Tuesdays.",
    ]
    assert detect_languages(texts) == [None] * len(texts)
