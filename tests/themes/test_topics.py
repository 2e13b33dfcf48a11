"""Emergent topics: BERTopic behind swappable parts, results as plain tables."""

from __future__ import annotations

import numpy as np
import pytest
from hdbscan import HDBSCAN
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

from themes.topics import (
    OUTLIER,
    PassThroughReducer,
    TopicModeler,
    is_general,
    topic_table,
    topics_by_group,
)

# Four clear subjects, fictional comments, 15 each; [NAME] is a redaction placeholder.
WAITING = [
    "I waited six months for my first appointment.",
    "The waiting list for therapy is far too long.",
    "Still on the waiting list after a year.",
    "Long wait to be seen by the psychiatrist.",
    "The wait for an assessment took months.",
    "Waiting times for talking therapies are awful.",
    "We waited weeks for a call back about the referral.",
    "Nine months on the waiting list and still no appointment.",
    "The wait between assessment and treatment was months.",
    "My referral sat on a waiting list for half a year.",
    "Waiting months for an appointment made me worse.",
    "Too long a wait to see anyone.",
    "I have been waiting since March for an appointment.",
    "The waiting list is longer than ever.",
    "Months of waiting for the first appointment.",
]
STAFF = [
    "The nurses were kind and caring.",
    "Staff were kind and listened to me.",
    "[NAME] my care coordinator is kind and caring.",
    "Kind staff who really listened.",
    "The support worker [NAME] was caring and patient.",
    "Caring nurses on the ward, very kind.",
    "The staff listened and were kind to my son.",
    "Every member of staff was caring and kind.",
    "Kind and caring team, thank you [NAME].",
    "The nurse listened and was so caring.",
    "Staff were caring and kind every visit.",
    "The doctor was kind and listened.",
    "Such kind and caring nurses.",
    "The staff were kind, caring and patient.",
    "[NAME] listened and was kind to us.",
]
PARKING = [
    "Parking at the hospital is a nightmare.",
    "Car parking costs too much.",
    "There is never a parking space at the clinic.",
    "The parking is always full.",
    "Parking charges are too high for carers.",
    "No parking near the community centre.",
    "Finding parking made me late for my session.",
    "Hospital parking is expensive.",
    "The clinic needs more parking spaces.",
    "Parking is impossible in the morning.",
    "Free parking for patients please.",
    "Parking was difficult and costly.",
    "The parking at the clinic is too small.",
    "Parking fees every visit add up.",
    "Nowhere to find parking at the hospital.",
]
MEDICATION = [
    "My medication was changed without asking me.",
    "The side effects of the medication are awful.",
    "Nobody reviewed my medication for a year.",
    "A medication review with the psychiatrist helped.",
    "I was given the wrong medication dose.",
    "My tablets were late again on the ward.",
    "The pharmacy lost my prescription.",
    "Medication side effects were not explained.",
    "I want a review of my medication.",
    "My medication makes me tired all day.",
    "Prescription delays every month.",
    "The doctor explained my medication side effects well.",
    "The new tablets gave me side effects.",
    "My prescription was wrong twice.",
    "Medication changes were never explained to me.",
]
SUBJECTS = {"waiting": WAITING, "staff": STAFF, "parking": PARKING, "medication": MEDICATION}
TEXTS = [t for texts in SUBJECTS.values() for t in texts]
SUBJECT_OF = [name for name, texts in SUBJECTS.items() for _ in texts]


class SvdEncoder:
    """TF-IDF + TruncatedSVD embeddings (the fallback when sentence embeddings are absent)."""

    def __init__(self, corpus: list[str]) -> None:
        self.pipeline = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TruncatedSVD(n_components=20, random_state=0),
            Normalizer(),
        ).fit(corpus)

    def encode(self, texts):
        return self.pipeline.transform(list(texts))


@pytest.fixture(scope="module")
def encoder() -> SvdEncoder:
    return SvdEncoder(TEXTS)


@pytest.fixture(scope="module")
def embeddings(encoder) -> np.ndarray:
    return encoder.encode(TEXTS)


@pytest.fixture(scope="module")
def fast_model(embeddings) -> TopicModeler:
    return TopicModeler(
        seed=0, min_topic_size=5, reducer=PassThroughReducer(),
        clusterer=KMeans(n_clusters=4, n_init=10, random_state=0),
    ).fit(TEXTS, embeddings)


def test_tfidf_svd_embeddings_recover_the_four_subjects(fast_model):
    for name in SUBJECTS:
        topics = fast_model.topics_[[s == name for s in SUBJECT_OF]]
        assert np.bincount(topics).max() >= 10, name


def test_topic_table_has_readable_labels_sizes_and_members(fast_model):
    table = topic_table(fast_model)
    assert list(table.columns) == ["topic", "label", "size", "share", "keywords",
                                   "representative_comments", "general_share"]
    assert table["size"].sum() == len(TEXTS)
    assert table["size"].is_monotonic_decreasing
    labels = " | ".join(table["label"])
    for word in ("parking", "medication", "kind", "waiting"):
        assert word in labels
    for row in table.itertuples():
        members = {TEXTS[i] for i in np.flatnonzero(fast_model.topics_ == row.topic)}
        assert 1 <= len(row.representative_comments) <= 3
        assert set(row.representative_comments) <= members


def test_placeholders_never_become_topic_words(fast_model):
    words = {w for keywords in topic_table(fast_model)["keywords"] for w in keywords}
    assert not any("name" in w.split() for w in words)


def test_same_seed_gives_the_same_topics_with_the_defaults(embeddings):
    runs = [TopicModeler(seed=7, min_topic_size=5).fit(TEXTS, embeddings) for _ in range(2)]
    np.testing.assert_array_equal(runs[0].topics_, runs[1].topics_)
    assert topic_table(runs[0])["label"].tolist() == topic_table(runs[1])["label"].tolist()


def test_outliers_are_a_no_topic_row_listed_last(embeddings):
    odd = ["The lift was broken.", "I like the new logo.", "Is the survey anonymous?"]
    encoder = SvdEncoder(TEXTS + odd)
    model = TopicModeler(
        seed=0, reducer=PassThroughReducer(), clusterer=HDBSCAN(min_cluster_size=8),
    ).fit(TEXTS + odd, encoder.encode(TEXTS + odd))
    table = topic_table(model)
    assert (model.topics_ == OUTLIER).sum() >= len(odd)
    assert table.iloc[-1]["topic"] == OUTLIER
    assert table.iloc[-1]["label"] == "(no clear topic)"
    assert table.iloc[-1]["representative_comments"] == []


def test_topics_by_group_counts_each_group(fast_model):
    groups = ["Norwich" if i % 3 else "Great Yarmouth" for i in range(len(TEXTS))]
    frame = topics_by_group(fast_model, groups)
    assert list(frame.columns) == ["group", "topic", "label", "count", "share_of_group"]
    sizes = frame.groupby("group")["count"].sum().to_dict()
    assert sizes == {"Norwich": groups.count("Norwich"),
                     "Great Yarmouth": groups.count("Great Yarmouth")}
    np.testing.assert_allclose(frame.groupby("group")["share_of_group"].sum(), 1.0, atol=1e-3)


def test_topics_by_group_needs_one_group_per_text(fast_model):
    with pytest.raises(ValueError, match="groups"):
        topics_by_group(fast_model, ["a", "b"])


def test_framework_keywords_name_the_matching_theme(encoder):
    seeds = {"environment": ["parking", "car park"], "access": ["waiting list", "wait"]}
    model = TopicModeler(
        seed=0, min_topic_size=5, embedder=encoder, reducer=PassThroughReducer(),
        clusterer=KMeans(n_clusters=4, n_init=10, random_state=0), seed_topic_list=seeds,
    ).fit(TEXTS)
    table = topic_table(model).set_index("topic")
    parking_topic = np.bincount(model.topics_[[s == "parking" for s in SUBJECT_OF]]).argmax()
    waiting_topic = np.bincount(model.topics_[[s == "waiting" for s in SUBJECT_OF]]).argmax()
    assert table.loc[parking_topic, "theme"] == "environment"
    assert table.loc[waiting_topic, "theme"] == "access"


def test_seed_topics_work_without_an_embedder(embeddings):
    model = TopicModeler(
        seed=0, min_topic_size=5, reducer=PassThroughReducer(),
        clusterer=KMeans(n_clusters=4, n_init=10, random_state=0),
        seed_topic_list=[["parking"], ["medication", "tablets"]],
    ).fit(TEXTS, embeddings)
    assert len(model.topics_) == len(TEXTS)
    assert "theme" not in topic_table(model).columns


def test_fit_needs_embeddings_or_an_embedder():
    with pytest.raises(ValueError, match="embeddings or an embedder"):
        TopicModeler().fit(TEXTS)


def test_unfitted_model_has_no_table():
    with pytest.raises(ValueError, match="not fitted"):
        topic_table(TopicModeler())


def test_a_single_topic_still_gets_a_label(embeddings):
    # BERTopic builds key phrases from one document per topic; one topic must be enough
    # (a word-count threshold above one topic made it fail here on real feedback).
    texts = TEXTS * 2
    model = TopicModeler(
        seed=0, reducer=PassThroughReducer(), clusterer=KMeans(n_clusters=1, n_init=1),
    ).fit(texts, np.vstack([embeddings, embeddings]))
    table = topic_table(model)
    assert table["size"].tolist() == [len(texts)]
    assert table.loc[0, "label"] and table.loc[0, "label"] != "(no clear topic)"


def test_a_topic_of_few_distinct_words_lists_no_empty_keywords():
    texts = TEXTS + ["Honest.", "honest honest", "Honest!"] * 10
    model = TopicModeler(seed=0, reducer=PassThroughReducer(),
                         clusterer=KMeans(n_clusters=6, random_state=0, n_init=3))
    table = topic_table(model.fit(texts, SvdEncoder(texts).encode(texts)))
    assert all(word.strip() for words in table["keywords"] for word in words)
    assert any("honest" in words for words in table["keywords"])
    assert not any("honest honest" in words for words in table["keywords"])  # typed twice


@pytest.mark.parametrize("text", [
    "Good", "Nothing.", "All ok, thanks", "Nothing to add", "Can't think of anything",
    "Excellent care, very happy", "10/10!", "[illegible]", "n/a", "",
    "Everything has been very good, thank you [NAME]",
])
def test_remarks_with_no_particular_subject_are_general(text):
    assert is_general(text)


@pytest.mark.parametrize("text", [
    "Parking", "The wait was too long", "Nothing, the nurses were lovely", "Good food",
    "[illegible] bus fares", "More groups in the evening",
])
def test_a_comment_naming_a_subject_is_not_general(text):
    assert not is_general(text)


GENERAL = [
    "All good.", "Nothing to add.", "Nothing.", "All ok thanks.", "Very good.",
    "[illegible]", "Nothing, all good.", "Good, thanks.", "All fine.", "Nothing really.",
    "[illegible] good", "Excellent.",
]


def test_a_topic_of_general_remarks_says_so_and_transcribers_notes_are_not_words():
    texts = WAITING + GENERAL
    encoder = SvdEncoder(texts)
    model = TopicModeler(
        seed=0, min_topic_size=5, reducer=PassThroughReducer(),
        clusterer=KMeans(n_clusters=2, n_init=10, random_state=0),
    ).fit(texts, encoder.encode(texts))
    table = topic_table(model).set_index("topic")
    general_topic = np.bincount(model.topics_[len(WAITING):]).argmax()
    waiting_topic = np.bincount(model.topics_[:len(WAITING)]).argmax()
    assert general_topic != waiting_topic
    for topic in (general_topic, waiting_topic):
        members = np.flatnonzero(model.topics_ == topic)
        expected = np.mean([i >= len(WAITING) for i in members])
        assert table.loc[topic, "general_share"] == pytest.approx(expected, abs=1e-3)
    assert table.loc[general_topic, "general_share"] >= 0.8
    words = {w for keywords in table["keywords"] for w in keywords}
    assert not any("illegible" in w for w in words)
