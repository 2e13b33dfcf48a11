"""Readability figures and the Easy Read check."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from themes.readability import check_easy_read, readability

ROOT = Path(__file__).resolve().parents[2]

EASY = "We want to hear from you. Tell us what works. Tell us what does not work."
HARD = (
    "The implementation of multidisciplinary community-based psychological interventions "
    "necessitates comprehensive organisational transformation across the integrated care "
    "system, notwithstanding considerable workforce constraints."
)


def test_readability_reports_counts_and_scores():
    result = readability(EASY)
    assert result["words"] == 16
    assert result["sentences"] == 3
    assert result["longest_sentence_words"] == 6
    assert result["flesch_reading_ease"] > 80
    assert result["flesch_kincaid_grade"] < 4


def test_hard_text_scores_lower_and_lists_its_difficult_words_in_order():
    result = readability(HARD)
    assert result["flesch_reading_ease"] < readability(EASY)["flesch_reading_ease"]
    assert result["flesch_reading_ease"] < 0
    assert result["difficult_words"][:3] == ["implementation", "multidisciplinary",
                                             "psychological"]
    assert "the" not in result["difficult_words"]


def test_empty_text_has_no_scores():
    assert readability("   ") == {
        "flesch_reading_ease": None, "flesch_kincaid_grade": None, "words": 0,
        "sentences": 0, "longest_sentence_words": 0, "difficult_words": [],
    }


def test_easy_text_passes_easy_read():
    assert check_easy_read(EASY) == []


def test_long_sentence_is_reported_with_its_position():
    text = ("We will call you. We will also send you a letter with the date, the time and the "
            "place of your next appointment with us.")
    problems = [p for p in check_easy_read(text) if p.kind == "long_sentence"]
    assert len(problems) == 1
    problem = problems[0]
    assert text[problem.start:problem.end] == problem.sentence
    assert problem.sentence.startswith("We will also send")
    assert problem.value == 21 and problem.limit == 15


def test_hard_sentence_and_document_are_reported():
    kinds = [p.kind for p in check_easy_read("Thank you for coming. " + HARD)]
    assert kinds == ["long_sentence", "hard_sentence", "hard_document"]


def test_limits_are_parameters():
    text = "We will call you back on the same day that you ring us."
    assert check_easy_read(text) == []
    assert [p.kind for p in check_easy_read(text, max_words=8)] == ["long_sentence"]
    assert "hard_document" in [p.kind for p in check_easy_read(text, min_fre=110)]


def test_readability_works_with_the_network_disabled():
    # A fresh interpreter in which any attempt to open a connection fails loudly.
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network disabled in this test")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from themes.readability import check_easy_read, readability
        result = readability("Psychological therapies helped me. Thank you.")
        assert result["flesch_reading_ease"] is not None, result
        assert result["difficult_words"] == ["psychological", "therapies"], result
        check_easy_read("A sentence.")
        print("offline ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "offline ok"


def test_a_score_just_under_the_limit_never_shows_as_the_limit() -> None:
    from themes.readability import shown_score

    assert (shown_score(69.96), shown_score(70.0), shown_score(42.31)) == ("69.9", "70.0", "42.3")
    messages = [p.message for p in check_easy_read(
        "16 out of 37 people picked Housing, money and benefits.")]
    assert messages and all("ease 70.0" not in m and "ease 70 " not in m for m in messages)
