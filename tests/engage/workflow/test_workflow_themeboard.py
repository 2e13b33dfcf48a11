"""The theme board and the overview: a person's coding counts over the model's."""

from __future__ import annotations

from engage import workflow as wf
from engage.store import Store

comment = wf.comment_by_id  # the exercise's comment with this id


def card(cards: list[wf.ThemeCard], theme_id: str) -> wf.ThemeCard:
    return next(c for c in cards if c.theme_id == theme_id)


def test_board_counts_people_over_the_model(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R07"), "Ali", ["stigma"], "positive")
        cards = wf.theme_board(s, ex)
    carers, stigma, access = card(cards, "carers"), card(cards, "stigma"), card(cards, "access")
    assert (carers.size, carers.model, carers.human) == (1, 1, 0)
    assert (stigma.size, stigma.human) == (2, 1)
    assert access.size == 2 and access.sentiment == {"negative": 2}
    assert stigma.quotes[0][0] == "R07"  # people's decisions are quoted first
    assert "access word" in access.key_phrases


def test_overview_frame_agrees_with_the_export(review_store: Store) -> None:
    from engage.export import comments_frame

    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R03"), "Ali", ["carers", "crisis"], "negative")
    with review_store.session() as s:
        light = wf.overview_frame(s, review_store.exercise(s))
    full = comments_frame(review_store)
    for column in ("themes", "sentiment", "locality", "respondent_group", "theme_source"):
        assert light[column].fillna("").tolist() == full[column].fillna("").tolist(), column
    assert light.loc[full["comment_id"] == "R03", "themes"].item() == "carers;crisis"


def test_the_same_words_are_quoted_once(review_store: Store) -> None:
    # Two people sent the same words (a typed-up paper form, a campaign): quote them once.
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        repeat = "WAITING LISTS are too long, and the crisis team never rang back!"
        comment(s, ex, "R01").text = repeat
        access = card(wf.theme_board(s, ex), "access")
    assert access.size == 2
    assert [cid for cid, _ in access.quotes] == ["R01"]  # the more confident of the two


def test_wording_key_ignores_case_spacing_and_punctuation() -> None:
    from engage.reports.quotes import wording_key

    assert wording_key("I'm  exhausted.") == wording_key("im exhausted") != wording_key("I'm ok")
