"""Safeguarding flags: recall first, with levels for denied, historical and topic mentions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from themes.safeguarding import CATEGORIES, EXEMPLARS, RiskFlag, flag_risks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "safeguarding"
# dev, holdout, blind and blind2 were read while the rules were written (see README.md there).
SEEN = ("dev", "holdout", "blind", "blind2")


def _fixtures(names: tuple[str, ...]) -> pd.DataFrame:
    frames = [pd.read_csv(FIXTURES / f"{n}.csv", keep_default_na=False) for n in names]
    return pd.concat(frames, ignore_index=True)


def _expected(row) -> set[str]:
    if row.level not in ("current", "possible"):
        return set()
    return {c for c in row.categories.split(";") if c}


def _recall_precision(frame: pd.DataFrame, flags: list[list[RiskFlag]]) -> tuple[float, float]:
    tp = fn = fp = 0
    for row, found in zip(frame.itertuples(), flags, strict=True):
        expected, got = _expected(row), {f.category for f in found}
        tp += len(expected & got)
        fn += len(expected - got)
        fp += len(got - expected)
    return tp / (tp + fn), tp / (tp + fp)


def test_recall_and_precision_on_the_fixture_disclosures():
    frame = _fixtures(SEEN)
    recall, precision = _recall_precision(frame, flag_risks(frame["text"].tolist()))
    assert recall >= 0.95
    assert precision >= 0.9


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to end it all.", "suicidal_intent"),
        ("I don't see the point in living.", "suicidal_intent"),
        ("I've been cutting again.", "self_harm"),
        ("My partner hits me.", "abuse_neglect"),
        ("He takes my money and locks me in.", "abuse_neglect"),
        ("I'll hurt someone if this goes on.", "harm_to_others"),
        ("I feel like hitting the receptionist.", "harm_to_others"),
        ("He said he'd kill the nurse if he saw her again.", "harm_to_others"),
        ("She has cut her arms again.", "self_harm"),
    ],
)
def test_current_first_person_disclosures_are_flagged_current(text, category):
    flags = flag_risks([text])[0]
    assert [(f.category, f.level) for f in flags] == [(category, "current")]


def test_denied_and_historical_disclosures_are_flagged_possible():
    flags = flag_risks(["I'm not suicidal but I am struggling.",
                        "I used to self-harm as a teenager."])
    assert [(f.category, f.level) for f in flags[0]] == [("suicidal_intent", "possible")]
    assert [(f.category, f.level) for f in flags[1]] == [("self_harm", "possible")]


def test_topic_mentions_are_only_returned_when_asked_for():
    texts = ["The suicide prevention strategy needs more funding.",
             "Zero suicide training for staff should be mandatory."]
    assert flag_risks(texts) == [[], []]
    mentions = flag_risks(texts, min_level="mention")
    assert [[(f.category, f.level) for f in row] for row in mentions] == [
        [("suicidal_intent", "mention")], [("suicidal_intent", "mention")]
    ]


@pytest.mark.parametrize(
    "text",
    ["I'd kill for a decent cup of tea.", "This waiting list is killing me.",
     "The food was to die for.", "They cut the funding again.",
     "I felt like I was banging my head against a brick wall.",
     # "cut" and other risk words in their everyday senses (seen in a team's first run)
     "The doctor cut me off mid-sentence.", "I cut my visit short.",
     "Video appointments have cut our DNA rate.", "Street triage has cut Section 136 detentions.",
     "Carers support being cut is a worry for us.",
     "The interpreter was inappropriate for my mum.", "My dad hasn't been in the forces.",
     # a service's visiting rules (seen in a trial), not someone being controlled
     "My husband was not allowed in the room even though I wanted him there.",
     "I was not allowed to stay with her on the ward overnight.",
     # a thing, not a person, "killing people" (seen in the app trial as "happening now")
     "Someone said the waiting list is killing people.",
     "The stress of this system is slowly killing us."],
)
def test_idioms_are_not_flagged(text):
    assert flag_risks([text]) == [[]]


@pytest.mark.parametrize(
    "text",
    ["He said he is killing people and nobody stops him.",
     "I am not allowed in the room when he is on the phone.",
     "He is not allowed in my room when I say no, but he comes in anyway."],
)
def test_being_kept_out_of_a_room_at_home_or_a_person_killing_is_still_flagged(text):
    assert [f.category for f in flag_risks([text])[0]] in (["abuse_neglect"],
                                                            ["harm_to_others"])


def test_flags_point_at_the_sentence_in_the_original_text():
    text = "The ward was clean.  Honestly I just don't want to be here anymore. Thanks."
    (flag,) = flag_risks([text])[0]
    assert flag.sentence == "Honestly I just don't want to be here anymore."
    assert text[flag.start:flag.end] == flag.sentence
    assert flag.cue


def test_one_flag_per_category_per_sentence_and_several_categories_per_text():
    text = "I want to die. I want to die and I have been cutting. My husband hits me."
    flags = flag_risks([text])[0]
    assert [(f.sentence, f.category) for f in flags] == [
        ("I want to die.", "suicidal_intent"),
        ("I want to die and I have been cutting.", "suicidal_intent"),
        ("I want to die and I have been cutting.", "self_harm"),
        ("My husband hits me.", "abuse_neglect"),
    ]


def test_invalid_min_level_is_rejected():
    with pytest.raises(ValueError, match="min_level"):
        flag_risks(["anything"], min_level="urgent")


class _TfidfEncoder:
    """A small real embedder: TF-IDF fitted on the exemplars, rows L2-normalised."""

    def __init__(self) -> None:
        corpus = [t for texts in EXEMPLARS.values() for t in texts]
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(corpus)

    def encode(self, texts):
        return np.asarray(self.vectorizer.transform(list(texts)).todense())


def test_embedding_tier_flags_paraphrases_the_rules_miss():
    texts = ["I have written a note for my kids.",
             "My daughter keeps the marks hidden under her sleeves."]
    assert flag_risks(texts) == [[], []]
    flags = flag_risks(texts, embedder=_TfidfEncoder(), similarity_threshold=0.3)
    assert [[(f.category, f.level) for f in row] for row in flags] == [
        [("suicidal_intent", "possible")], [("self_harm", "possible")]
    ]
    assert all(f.cue.startswith("similar to: ") for row in flags for f in row)


def test_embedding_tier_leaves_safe_sentences_alone():
    safe = ["The staff were kind and helpful.", "My husband drives me to appointments."]
    assert flag_risks(safe, embedder=_TfidfEncoder(), similarity_threshold=0.3) == [[], []]


def test_every_category_has_exemplars():
    assert set(CATEGORIES) <= set(EXEMPLARS)


def test_a_single_string_is_refused_not_read_letter_by_letter():
    with pytest.raises(TypeError, match="single string"):
        flag_risks("I want to end it all.")


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial's event notes: a third party hurting a child, told second hand
        "Someone said their neighbour hits his kids and they are worried but don't know who "
        "to tell",
        "My neighbour hits his children.",
        "The man next door beats his son.",
        "My brother hurts his girlfriend when he's angry.",
        "Her husband slaps their daughter.",
        "Our neighbour neglects her baby.",
        "My uncle is neglecting his mum.",
        "My sister's boyfriend kicks her little boy.",
    ],
)
def test_third_party_reports_of_hurting_a_child_partner_or_older_person_are_abuse(text):
    assert [f.category for f in flag_risks([text])[0]] == ["abuse_neglect"]


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial: shown as harm to others, but the writer is the one at risk
        "My partner shouts and throws things when he's drunk and I'm scared to go home with "
        "the baby.",
        "He smashes things when he's drunk.",
        "I'm terrified to go home tonight.",
        "I'm afraid to go home with the kids.",
    ],
)
def test_a_writer_at_risk_at_home_is_abuse_not_harm_to_others(text):
    assert [f.category for f in flag_risks([text])[0]] == ["abuse_neglect"]


class _NearestTo:
    """A stub embedder that puts every sentence it is asked about on one exemplar."""

    def __init__(self, exemplar: str) -> None:
        self.bank = [t for texts in EXEMPLARS.values() for t in texts]
        self.target = self.bank.index(exemplar)

    def encode(self, texts):
        texts = list(texts)
        rows = np.zeros((len(texts), len(self.bank)))
        for i, text in enumerate(texts):
            rows[i, self.bank.index(text) if text in self.bank else self.target] = 1.0
        return rows


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the writer is the victim: whoever follows up abuse should see it
        ("I'm frightened to be at home when he has been drinking.", "abuse_neglect"),
        ("She screams in my face until I cry.", "abuse_neglect"),
        ("My husband gets really angry with me and the baby.", "abuse_neglect"),
        # the writer may be the one who harms: stays harm to others
        ("I am scared I will lose my temper with the baby.", "harm_to_others"),
        ("I keep picturing doing something to the baby.", "harm_to_others"),
    ],
)
def test_the_meaning_tier_reads_a_victims_words_as_abuse(text, category):
    embedder = _NearestTo("I am scared I will shake my baby.")
    assert [f.category for f in flag_risks([text], embedder=embedder)[0]] == [category]


@pytest.fixture(scope="module")
def sentence_embedder():
    from themes.embeddings import get_embedder

    return get_embedder("sentence")


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial: praise of a group, read by the meaning tier as being kept in
        "Keep the Tuesday group. It is the only time I leave the house.",
        "The walking group gets me out of the house.",
        "Coming here is the only time I get out of the flat all week.",
    ],
)
def test_going_out_of_the_house_to_a_group_is_not_abuse(sentence_embedder, text):
    assert flag_risks([text], embedder=sentence_embedder) == [[]]


@pytest.mark.parametrize(
    "text",
    [
        "He won't let me leave the house.",
        "I'm not allowed to leave the house without him.",
        "She keeps me in the house all day and takes my phone.",
        "My son keeps his dad locked in the house.",
        "They never let mum out of the house.",
    ],
)
def test_being_kept_in_the_house_by_someone_is_still_abuse(sentence_embedder, text):
    flags = flag_risks([text], embedder=sentence_embedder)[0]
    assert "abuse_neglect" in {f.category for f in flags}
