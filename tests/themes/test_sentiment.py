"""Sentiment: the mental-health-aware lexicon (zero labels) and the fitted model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from themes.sentiment import (
    LABELS,
    SentimentModel,
    label_from_score,
    mark_negation,
    question_kind,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sentiment"


def _load(name: str) -> pd.DataFrame:
    # keep_default_na=False: "None" and "N/A" are answers, not missing values.
    return pd.read_csv(FIXTURES / name, keep_default_na=False)


@pytest.fixture(scope="module")
def lexicon() -> SentimentModel:
    return SentimentModel()


@pytest.fixture(scope="module")
def dev() -> pd.DataFrame:
    return _load("mh_comments_dev.csv")


@pytest.fixture(scope="module")
def test_set() -> pd.DataFrame:
    return _load("mh_comments_test.csv")


@pytest.mark.parametrize(
    "text",
    [
        "The crisis team were brilliant",
        "I was sectioned and the ward staff were kind",
        "My depression was at its worst but the home treatment team got me through it.",
        "When I was suicidal the nurse sat with me all night and I felt safe.",
    ],
)
def test_topic_words_do_not_count_as_the_speakers_verdict(lexicon, text):
    assert lexicon.predict([text]) == ["positive"]


@pytest.mark.parametrize(
    "text",
    [
        "Waited 6 months, no call back",
        "I was passed around between three teams.",
        "Discharged without a plan.",
        "Nobody listened to my family.",
        "The crisis line never answered.",
        # "care" and "support" name what is judged, not the verdict
        "The care was not good.",
        "Care not good enough",
        "The support could be better",
        # seen in a team's first run: "help" and "engaged" name the topic, not the verdict
        "Staff on the night shift were rude and laughed when I asked for help.",
        "Phone number does not work.",
    ],
)
def test_domain_cues_are_negative_without_negative_words(lexicon, text):
    assert lexicon.predict([text]) == ["negative"]


@pytest.mark.parametrize("text", ["Nothing to improve", "nothing, all good", "Nothing.",
                                  "Can't think of anything",
                                  "I could not have done it without their help"])
def test_nothing_to_improve_answers_are_positive(lexicon, text):
    assert lexicon.predict([text]) == ["positive"]


def test_plain_topic_statements_are_neutral(lexicon):
    texts = ["The suicide prevention strategy sets out targets for the next five years.",
             "My son was sectioned under the Mental Health Act last spring."]
    assert lexicon.predict(texts) == ["neutral", "neutral"]


def test_zero_label_lexicon_beats_raw_vader_on_mental_health_fixtures(lexicon, test_set):
    vader = SentimentIntensityAnalyzer()
    raw = [label_from_score(vader.polarity_scores(t)["compound"]) for t in test_set["text"]]
    ours = lexicon.predict(test_set["text"].tolist())
    raw_accuracy = np.mean(np.array(raw) == test_set["label"].to_numpy())
    our_accuracy = np.mean(np.array(ours) == test_set["label"].to_numpy())
    assert our_accuracy >= 0.85
    assert our_accuracy - raw_accuracy >= 0.25


def test_polarity_is_a_signed_score_that_orders_texts(lexicon):
    scores = lexicon.polarity(["Brilliant, kind staff.", "It was fine.", "Rude and dismissive."])
    assert scores.shape == (3,)
    assert np.all((scores >= -1) & (scores <= 1))
    assert scores[0] > scores[1] > scores[2]


def test_predict_proba_rows_are_distributions_in_label_order(lexicon):
    proba = lexicon.predict_proba(["Brilliant.", "Awful.", "I live in Norwich."])
    assert proba.shape == (3, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert [LABELS[i] for i in proba.argmax(axis=1)] == ["positive", "negative", "neutral"]


def test_fit_follows_the_estimator_contract(dev):
    model = SentimentModel(C=2.0)
    assert model.fit(dev["text"].tolist(), dev["label"].tolist()) is model
    assert list(model.classes_) == list(LABELS)
    assert model.n_labels_ == len(dev)
    assert 0 < model.blend_weight_ < 1
    fresh = clone(model)
    assert fresh.get_params()["C"] == 2.0
    assert not hasattr(fresh, "classifier_")


def test_a_fitted_model_reads_negation_it_has_not_seen_in_its_labels():
    praise = [f"The {who} {verb} {how}" for who in ("staff", "nurse", "team", "doctor")
              for verb in ("were", "was", "seemed") for how in ("helpful", "very helpful",
                                                                "kind and helpful")]
    # Criticism with kind words in it, so the lexicon alone does not separate the labels.
    criticism = [f"{what} {when}, {who} helpful though" for what in ("Waited", "Cancelled")
                 for when in ("today", "again", "every time") for who in ("staff", "nurse")]
    # Repeated so that the labels outweigh the lexicon (n / (n + prior_strength)).
    texts = (praise + criticism) * 10
    labels = (["positive"] * len(praise) + ["negative"] * len(criticism)) * 10
    model = SentimentModel().fit(texts, labels)
    assert model.blend_weight_ > 0.8
    assert model.predict(["The staff were helpful"]) == ["positive"]
    assert model.predict(["The staff were not helpful", "Not very helpful at all",
                          "The nurse was never helpful"]) == ["negative"] * 3


def test_negation_marks_the_words_it_covers_up_to_the_clause_end():
    assert mark_negation("Staff were not helpful, but the food was good") == (
        "staff were not HELPFUL . the food was good")
    assert mark_negation("I didn’t feel listened to. Nobody called") == (
        "i didn't FEEL LISTENED TO . nobody CALLED")


def test_nothing_to_read_is_neutral_even_when_labels_lean_one_way(dev):
    model = SentimentModel().fit(dev["text"].tolist(), dev["label"].tolist())
    for scorer in (SentimentModel(), model):
        labels, scores = scorer.predict_with_polarity(["", None, float("nan"), "!!!", "   "])
        assert labels == ["neutral"] * 5 and not scores.any()
        with pytest.raises(TypeError, match="single string"):
            scorer.predict("The staff were kind")


def test_fitting_learns_a_local_convention_the_lexicon_misses():
    # Answers to "What needs to change?" are criticism here; the lexicon calls most neutral.
    suggestions = _load("needs_to_change.csv")
    others = _load("mh_comments_dev.csv")
    train, held_out = suggestions.iloc[::2], suggestions.iloc[1::2]
    gold = held_out["label"].to_numpy()
    before = np.mean(np.array(SentimentModel().predict(held_out["text"].tolist())) == gold)
    model = SentimentModel().fit(
        train["text"].tolist() + others["text"].tolist(),
        train["label"].tolist() + others["label"].tolist(),
    )
    after = np.mean(np.array(model.predict(held_out["text"].tolist())) == gold)
    assert before < 0.3
    assert after - before >= 0.2
    p_negative = model.predict_proba(held_out["text"].tolist())[:, LABELS.index("negative")]
    p_before = SentimentModel().predict_proba(held_out["text"].tolist())[:, 0]
    assert p_negative.mean() > p_before.mean()


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What could we do better?", "improve"),
        ("What needs to change?", "improve"),
        ("What would make things better?", "improve"),
        ("What did not help?", "improve"),
        ("What didn't you like?", "improve"),
        ("could_improve", "improve"),
        ("What would help?", "improve"),
        ("What should we stop doing?", "improve"),
        ("What should we keep doing?", "praise"),
        ("What is working well?", "praise"),
        # event notes' headings stand for the question a point answers
        ("Table discussion: Access: What is working", "praise"),
        ("What isn't working?", "improve"),
        ("What was good about your care?", "praise"),
        ("What did you like best?", "praise"),
        ("what_good", "praise"),
        ("What went well, and what could be better?", None),
        ("How well were you listened to?", None),
        ("Anything else you would like to tell us?", None),
        ("Why did you give this rating?", None),
        ("", None),
        (None, None),
    ],
)
def test_question_kind_reads_what_the_question_asks_for(question, kind):
    assert question_kind(question) == kind


def test_answers_without_a_verdict_are_read_in_the_light_of_the_question(lexicon):
    improve, praise = "What could we do better?", "What is working well?"
    texts = ["Evening appointments", "No", "The peer support group", "The staff were rude",
             "Everything was great", "Nothing right now"]
    assert lexicon.predict(texts) == [
        "neutral", "neutral", "neutral", "negative", "positive", "neutral"
    ]
    assert lexicon.predict(texts, [improve, improve, praise, praise, improve, praise]) == [
        "negative", "positive", "positive", "negative", "positive", "neutral"
    ]
    # A question that asks for nothing in particular changes nothing.
    assert lexicon.predict(texts, ["Anything else?"] * 6) == lexicon.predict(texts)
    with pytest.raises(ValueError, match="questions"):
        lexicon.predict(texts, [improve])


def test_the_question_turns_suggestions_into_criticism_without_labels(lexicon):
    suggestions = _load("needs_to_change.csv")  # answers to "What needs to change?"
    texts, gold = suggestions["text"].tolist(), suggestions["label"].to_numpy()
    blind = np.mean(np.array(lexicon.predict(texts)) == gold)
    questions = ["What needs to change?"] * len(texts)
    asked = np.mean(np.array(lexicon.predict(texts, questions)) == gold)
    assert blind < 0.3 and asked >= 0.8


def test_fitted_model_and_theme_sentiment_take_the_question_too(dev):
    improve = "What needs to change?"
    texts = dev["text"].tolist() + ["Evening appointments", "Peer support workers"]
    labels = dev["label"].tolist() + ["negative", "negative"]
    questions = [None] * len(dev) + [improve, improve]
    model = SentimentModel().fit(texts, labels, questions)
    assert model.predict(["Weekend opening"], [improve]) == ["negative"]
    with pytest.raises(ValueError, match="questions"):
        SentimentModel().fit(texts, labels, questions[:-1])
    per_theme = model.theme_sentiments(
        ["Weekend crisis cover."], [{"crisis": ["crisis"]}], [improve]
    )
    assert per_theme[0]["crisis"][0] == "negative"


def test_no_labels_or_one_class_keeps_the_lexicon(lexicon, test_set):
    texts = test_set["text"].tolist()
    expected = lexicon.predict(texts)
    assert SentimentModel().fit([], []).predict(texts) == expected
    one_class = SentimentModel().fit(["Great.", "Lovely."], ["positive", "positive"])
    assert one_class.blend_weight_ == 0.0
    assert one_class.predict(texts) == expected


def test_fit_reads_common_spellings_of_the_labels(dev):
    texts = dev["text"].tolist()[:6]
    model = SentimentModel().fit(texts, ["Positive", " NEG ", -1, 0, 1, "neutral"])
    assert list(model.classes_) == list(LABELS) and model.n_labels_ == 6


def test_fit_rejects_unknown_labels():
    with pytest.raises(ValueError, match="unknown sentiment labels"):
        SentimentModel().fit(["Great.", "Bad."], ["good", "bad"])


def test_sentence_sentiment_scores_each_sentence(lexicon):
    result = lexicon.sentence_sentiment("The nurses were kind. The wait was far too long!")
    assert [(s, y) for s, y, _ in result] == [
        ("The nurses were kind.", "positive"),
        ("The wait was far too long!", "negative"),
    ]
    assert result[0][2] > 0 > result[1][2]


def test_theme_sentiment_uses_only_the_sentences_carrying_each_theme(lexicon):
    text = ("The nurses on the ward were kind and caring. I waited four months for an "
            "appointment. Parking was fine.")
    result = lexicon.theme_sentiment(
        text,
        {"staff": ["nurse"], "access": ["wait", "waiting list"], "carers": ["carer"]},
    )
    assert set(result) == {"staff", "access"}
    assert result["staff"][0] == "positive" and result["staff"][1] > 0
    assert result["access"][0] == "negative" and result["access"][1] < 0


def test_nothing_is_not_criticism_even_to_what_is_working_well(lexicon):
    # Real coders (FFT, two trusts) scored a bare "Nothing" positive under both kinds of
    # question: all 90 under what-went-well questions. Reading it as "nothing works" cost
    # 0.014 accuracy there, so it is not read that way.
    texts = ["Nothing", "Nothing at all", "None really"]
    assert lexicon.predict(texts, ["What could be improved?"] * 3) == ["positive"] * 3
    assert lexicon.predict(texts, ["What is working well for you?"] * 3) == ["positive"] * 3


def test_little_is_working_well_is_criticism(lexicon):
    # A trial saw "Not much." (+0.30) and "Very little." scored positive under "What is working
    # well?"; unlike a bare "Nothing", they say little is, and are negative there.
    texts = ["Not much.", "Very little. Sorry, but that's the truth.", "Hardly anything really"]
    assert lexicon.predict(texts, ["What is working well?"] * 3) == ["negative"] * 3
    assert lexicon.predict(["Not much, the staff are lovely."], ["What could be improved?"]) == [
        "positive"]


def test_distress_in_words_the_lexicon_reads_as_positive_is_negative(lexicon):
    # "like" and "saved" are positive words to VADER (seen in a trial: scored positive).
    assert lexicon.predict([
        "Sometimes I feel like ending it all and I have pills saved up.",
        "I have tablets lined up in the drawer.",
        "I feel like killing myself sometimes and nobody rings back",
    ]) == ["negative", "negative", "negative"]


def test_the_very_words_a_reviewer_labelled_take_their_label(dev):
    said = "Sometimes I feel like the service is fine I suppose"
    texts = dev["text"].tolist() + [said]
    model = SentimentModel().fit(texts, dev["label"].tolist() + ["negative"])
    assert model.predict([said, f"  {said.upper()} "]) == ["negative", "negative"]
    assert model.polarity([said])[0] == -1.0
    # To another kind of question the same words may mean something else.
    asked = SentimentModel().fit(["Nothing"], ["negative"], ["What is working well?"])
    assert asked.predict(["Nothing"], ["What could be better?"]) == ["positive"]
    # Reviewers who disagree about the words leave it to the model.
    split = SentimentModel().fit([said, said], ["negative", "positive"])
    assert split.memory_ == {}


def test_an_answer_to_what_needs_to_change_leans_towards_criticism() -> None:
    model = SentimentModel()
    text = "Much more focus on prevention. It is cheaper and kinder to help people early."
    plain = model.predict_with_polarity([text])[1][0]
    asked = model.predict_with_polarity([text], ["What needs to change?"])[1][0]
    praise = model.predict_with_polarity([text], ["What is working well?"])[1][0]
    assert asked < plain and praise >= plain - 1e-9
    # "Nothing" there means nothing needs to change: no lean.
    assert model.predict(["Nothing, the staff were lovely"], ["What needs to change?"])[0] == (
        "positive")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # seen in a trial (answers to "What could we do better?")
        ("nothing its all good", "What could we do better?"),
        ("Nothing it's all good", "What could we do better?"),
        ("nothing it is all fine really", None),
        ("Nothing everything was great", None),
    ],
)
def test_nothing_then_all_good_is_praise(lexicon, text, question):
    assert lexicon.predict([text], [question]) == ["positive"]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # seen in a trial: the negative words describe how things were; the verdict is the help
        ("The health visitor noticed I wasnt coping and got me help straight away.",
         "What is working well?"),
        ("The health visitor noticed I wasn’t coping and got me help straight away.", None),
        ("When I was not coping the GP got me seen the same week.", None),
        ("They got my son the help he needed.", None),
    ],
)
def test_getting_someone_help_is_praise_whatever_state_they_were_in(lexicon, text, question):
    assert lexicon.predict([text], [question]) == ["positive"]


@pytest.mark.parametrize("question", [None, "What could we do better?", "What is working well?"])
@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial: a request to keep something good
        "Keep the Tuesday group. It is the only time I leave the house.",
        "Please keep the drop-in open on Fridays.",
        "Don't close the peer support cafe.",
    ],
)
def test_asking_to_keep_something_is_praise(lexicon, text, question):
    assert lexicon.predict([text], [question]) == ["positive"]


def test_asking_to_be_kept_informed_is_still_a_request_for_change(lexicon):
    assert lexicon.predict(["Keep me informed."], ["What could we do better?"]) == ["negative"]


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial with a typographic apostrophe, which VADER does not read as negation
        "My son’s school won’t accept he has anxiety.",
        "My son's school won't accept he has anxiety.",
        "The school wouldn’t acknowledge her autism.",
        "They didn't believe me.",
    ],
)
def test_refusing_to_accept_or_believe_is_negative(lexicon, text):
    assert lexicon.predict([text]) == ["negative"]


def test_typographic_and_typewriter_apostrophes_read_the_same(lexicon, test_set):
    texts = [t for t in test_set["text"] if "'" in t]
    curly = [t.replace("'", "\u2019") for t in texts]
    assert texts and lexicon.predict(curly) == lexicon.predict(texts)


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial: a request for change; "like" and "professional" are no praise here
        "More staff who look like the community. Every single professional I saw was white.",
        "It looks like nobody reads the notes.",
    ],
)
def test_looks_like_and_a_professional_are_not_praise(lexicon, text):
    assert lexicon.predict([text]) in (["negative"], ["neutral"])


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial: a complaint phrased as a want
        "I want the same worker, not a different locum every visit.",
        "We need a proper bed, not a chair.",
        "I want to see a psychiatrist rather than a nurse every time.",
        "A different doctor every appointment.",
    ],
)
def test_a_want_set_against_what_happens_is_criticism(lexicon, text):
    assert lexicon.predict([text]) == ["negative"]


@pytest.mark.parametrize(
    "text",
    [
        # seen in a trial: "benefits" (welfare) read as a positive word
        "Bus fare to appointments is too much on benefits.",
        "Parking costs too much.",
        "Too much paperwork before you get seen.",
    ],
)
def test_too_much_is_criticism(lexicon, text):
    assert lexicon.predict([text]) == ["negative"]


@pytest.mark.parametrize(
    "text", ["Nothing was too much trouble.", "Nothing was ever too much trouble for the staff."]
)
def test_nothing_was_too_much_trouble_is_praise(lexicon, text):
    assert lexicon.predict([text]) == ["positive"]


@pytest.mark.parametrize("text", ["I want to say thank you to the nurses, not just the doctors.",
                                  "Staff treat you like family."])
def test_praise_with_want_or_like_in_it_stays_praise(lexicon, text):
    assert lexicon.predict([text]) == ["positive"]
