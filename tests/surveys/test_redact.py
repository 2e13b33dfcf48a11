"""Personal-details redaction: one behaviour per test, on the real spaCy pipeline."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from surveys.nlp import ModelIntegrityError, load_nlp, model_dir, verify_model
from surveys.redact import PLACEHOLDERS, Redacted, Redactor, Span, nhs_check_digit_ok

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "redaction"


def _load(name: str) -> list[dict]:
    with (FIXTURES / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Patel was kind but rushed.", "Dr [NAME] was kind but rushed."),
        ("my son Jamie waited 18 weeks", "my son [NAME] waited 18 weeks"),
        ("nurse Karen Smith on the ward helped me", "nurse [NAME] on the ward helped me"),
        ("my daughter emily is only 14", "my daughter [NAME] is only 14"),
        ("her husband Pete does everything", "her husband [NAME] does everything"),
        ("a lady called Sarah rang me back", "a lady called [NAME] rang me back"),
        ("thanks to dr o'brien and nurse mcallister", "thanks to dr [NAME] and nurse [NAME]"),
        ("Thanks to Priya and Oluwaseun x", "Thanks to [NAME] and [NAME] x"),
        ("seen by miss smith on the ward", "seen by miss [NAME] on the ward"),
        # Welsh first names (seen missed in a trial with a Welsh board's notes)
        ("Rhian to share notes with the group", "[NAME] to share notes with the group"),
        ("Thanks to Lowri and Huw from the ward", "Thanks to [NAME] and [NAME] from the ward"),
        ("my son Barry lives in Barry", "my son [NAME] lives in Barry"),
    ],
)
def test_names_are_redacted(redactor, text, expected):
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize(
    "number", ["943 476 5919", "9434765919", "943-476-5919", "999 111 1115"]
)
def test_valid_nhs_numbers_are_redacted(redactor, number):
    assert redactor.redact(f"My NHS number is {number}, see notes").text == (
        "My NHS number is [NHS_NUMBER], see notes"
    )


def test_nhs_check_digit():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert not nhs_check_digit_ok("943476591")


def test_invalid_nhs_number_is_kept(redactor):
    text = "My reference is 943 476 5918 and 1234567890 on the letter"
    result = redactor.redact(text)
    assert result.text == text
    assert result.spans == ()


def test_ten_digit_phone_number_stays_a_phone(redactor):
    # 10 digits that fail the NHS check digit but are a valid UK landline length and prefix
    assert not nhs_check_digit_ok("0160312346")
    assert redactor.redact("ring 0160312346 today").text == "ring [PHONE] today"
    assert redactor.redact("ring 016 031 2346 today").counts() == {"PHONE": 1}
    # a number that passes the check but is written as a phone number is still a phone
    assert nhs_check_digit_ok("0160312345")
    assert redactor.redact("ring 0160312345 today").counts() == {"PHONE": 1}


@pytest.mark.parametrize(
    "number",
    ["07700 900123", "07700900123", "07700-900-123", "+44 7700 900123", "+44 (0)7700 900123",
     "(01632) 960123", "01632 960123", "0800 123 4567", "020 7946 0123", "0113 496 0123",
     "0044 7700 900123"],
)
def test_phone_numbers_are_redacted(redactor, number):
    assert redactor.redact(f"Call me on {number} after 5pm.").text == (
        "Call me on [PHONE] after 5pm."
    )


@pytest.mark.parametrize(
    "address", ["jo.bloggs@example.co.uk", "JAMIE.SMITH@NHS.NET", "k_m-2@mail.example.org"]
)
def test_emails_are_redacted(redactor, address):
    assert redactor.redact(f"Email {address}.").text == "Email [EMAIL]."


@pytest.mark.parametrize("postcode", ["NR1 3SR", "PE30 1AB", "nr313sr", "IP1  2AB", "cb4 1xy"])
def test_postcodes_are_redacted(redactor, postcode):
    assert redactor.redact(f"We live in {postcode} now").text == "We live in [POSTCODE] now"


@pytest.mark.parametrize(
    "address",
    ["12 Riverside Road", "Flat 3, 45 Prince of Wales Road", "14a Church Lane",
     "23 mill lane", "Apartment 2, 9 Beech Court", "14 Heol y Parc", "3 Ffordd yr Eglwys",
     "7 Heol Las Fawr"],
)
def test_street_addresses_are_redacted(redactor, address):
    assert redactor.redact(f"I live at {address}. It is noisy.").text == (
        "I live at [ADDRESS]. It is noisy."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 03/04/1987", "DOB [DOB]"),
        ("I was born on 3rd April 1987 in Norwich", "I was born on [DOB] in Norwich"),
        ("date of birth: 1987-04-03", "date of birth: [DOB]"),
        ("d.o.b. 3.4.87, NHS 111 never rang", "d.o.b. [DOB], NHS 111 never rang"),
        ("Our son (dob 12 Dec 2009) was sectioned", "Our son (dob [DOB]) was sectioned"),
        ("sent 03/04/1987 (DOB) to them", "sent [DOB] (DOB) to them"),
    ],
)
def test_dates_of_birth_are_redacted(redactor, text, expected):
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize(
    "url",
    ["https://example.org/page?x=1", "http://bit.ly/abc12x", "www.example.co.uk",
     "facebook.com/jamie.norfolk"],
)
def test_urls_are_redacted(redactor, url):
    assert redactor.redact(f"see {url}, thanks").text == "see [URL], thanks"


@pytest.mark.parametrize(
    "text",
    [
        "The psychiatrist, my GP, the crisis team and my care coordinator all disagreed.",
        "Hellesdon Hospital, Norwich, Great Yarmouth, the Julian Hospital, Mind, Samaritans, "
        "NHS 111 and Norfolk and Suffolk NHS Foundation Trust.",
        "I waited since March 2024 and on 12/03/2025 I was seen.",
        "waited 18 weeks and paid £250 for private therapy on Monday at 3pm.",
        "I have depression, anxiety and PTSD and take sertraline 100mg.",
        "Will anyone listen? May I ask why? Hope so. Mark my words.",
        "Taken to St Andrew's, then King's Lynn, then the James Paget.",
        "Queen Elizabeth Hospital, Mary Chapman House and the Recovery College.",
        "PHQ-9 score 21, stuck on the A47, Ward 4, Room 12. I feel flat.",
        "Born and raised here. Since my son was born I have struggled.",
        "the 0800 number, 111 option 2, Samaritans 116 123, 1-2-1 sessions, 24/7, £1,200",
        "The carers assessment from Carers Matter Norfolk was really useful.",
        "Some staff speak Welsh with us (siarad Cymraeg) and the Urdu leaflet helped.",
        "We drove from Cardiff to Swansea, then on to Wrexham and Bangor.",
        "The peer support group in Barry is the best thing, and the cafe near Lincoln too.",
        "3 times a week, 2 days later, 5 miles away, took 2 buses to the park.",
        "Easy Read letters please. Older People's services. Section 136 suite.",
        "nurse practitioner was kind. The doctor was rushed. The Dr said no.",
        "No bus before 10am, so I miss morning slots and miss appointments.",
    ],
)
def test_clean_comments_are_untouched(redactor, text):
    result = redactor.redact(text)
    assert result.text == text
    assert result.spans == ()


def test_other_characters_are_preserved_exactly(redactor):
    text = "Ring me 📞 on 07700 900123 – it’s “urgent” £30\r\n\n\tthanks 🙂 — Jo\u00a0x"
    result = redactor.redact(text)
    assert result.text == (
        "Ring me 📞 on [PHONE] – it’s “urgent” £30\r\n\n\tthanks 🙂 — [NAME]\u00a0x"
    )


def test_offsets_point_into_the_original_text(redactor):
    text = "I'm Sarah (07700 900456), DOB 01/02/1990, at 7 Mill Close NR2 4PH – sarah@x.org"
    result = redactor.redact(text)
    found = {(s.label, text[s.start : s.end]) for s in result.spans}
    assert found == {("NAME", "Sarah"), ("PHONE", "07700 900456"), ("DOB", "01/02/1990"),
                     ("ADDRESS", "7 Mill Close"), ("POSTCODE", "NR2 4PH"),
                     ("EMAIL", "sarah@x.org")}
    starts = [s.start for s in result.spans]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(result.spans, result.spans[1:], strict=False))
    rebuilt, pos = [], 0
    for s in result.spans:
        rebuilt += [text[pos : s.start], f"[{s.label}]"]
        pos = s.end
    assert "".join(rebuilt) + text[pos:] == result.text
    assert result.counts() == {"ADDRESS": 1, "DOB": 1, "EMAIL": 1, "NAME": 1, "PHONE": 1,
                               "POSTCODE": 1}


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_empty_text_is_returned_unchanged(redactor, text):
    assert redactor.redact(text) == Redacted(text, ())


def test_long_text_is_redacted(redactor):
    filler = "The crisis team were slow and the ward was understaffed. " * 450
    text = filler + "Call 07700 900789 or email jo@example.org. " + filler + "Thanks, Priya"
    assert len(text) > 50_000
    result = redactor.redact(text)
    assert result.counts() == {"EMAIL": 1, "NAME": 1, "PHONE": 1}
    assert result.text == (filler + "Call [PHONE] or email [EMAIL]. " + filler + "Thanks, [NAME]")


def test_batch_matches_single(redactor):
    rows = _load("comments")[:60] + [{"text": ""}, {"text": "  "}]
    texts = [r["text"] for r in rows]
    assert redactor.redact_many(texts) == [redactor.redact(t) for t in texts]


def test_component_annotates_doc(redactor):
    doc = redactor.nlp("Dr Patel gave me 07700 900123")
    assert [(s.text, s.label_) for s in doc.spans["pii"]] == [
        ("Patel", "NAME"), ("07700 900123", "PHONE")
    ]
    assert doc._.pii_spans == ((3, 8, "NAME"), (17, 29, "PHONE"))


def test_patterns_work_without_ner():
    import spacy

    result = Redactor(nlp=spacy.blank("en")).redact("email jo@example.org or ring 07700 900123")
    assert result.text == "email [EMAIL] or ring [PHONE]"
    assert {s.label for s in result.spans} <= PLACEHOLDERS
    assert isinstance(result.spans[0], Span)


def test_redacts_non_strings_loudly(redactor):
    with pytest.raises(TypeError):
        redactor.redact_many(["fine", None])


def test_installed_model_matches_pins():
    verify_model(model_dir())


def test_tampered_model_is_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    weights = copy / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="ner/model"):
        load_nlp(copy)


def test_missing_model_file_is_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    (copy / "tok2vec" / "model").unlink()
    with pytest.raises(ModelIntegrityError, match="tok2vec/model"):
        verify_model(copy)


def test_fixtures_match_their_generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.generate()
    for name in ("comments", "heldout", "stress", "audit"):
        assert generated[name] == _load(name)
    assert len(generated["comments"]) >= 300
    labels = {s["label"] for r in generated["comments"] for s in r["spans"]}
    # Every kind but the four added after an audit (tested in test_redact_audit.py).
    later = {"HANDLE", "NI_NUMBER", "ID_NUMBER", "VEHICLE_REG"}
    assert PLACEHOLDERS - later <= labels <= PLACEHOLDERS


def _quality(redactor, rows: list[dict]) -> tuple[float, float]:
    """Recall (gold span >= 80 % covered by any placeholder) and share of clean rows altered."""
    results = redactor.redact_many([r["text"] for r in rows])
    gold = caught = clean = altered = 0
    for row, res in zip(rows, results, strict=True):
        covered = set()
        for s in res.spans:
            covered.update(range(s.start, s.end))
        for g in row["spans"]:
            gold += 1
            chars = range(g["start"], g["end"])
            caught += sum(k in covered for k in chars) >= 0.8 * len(chars)
        if not row["spans"]:
            clean += 1
            altered += bool(res.spans)
    return caught / gold, altered / clean


def test_quality_on_fixture_set(redactor):
    recall, clean_altered = _quality(redactor, _load("comments"))
    assert recall >= 0.98
    assert clean_altered <= 0.03


@pytest.mark.parametrize("name", ["heldout", "stress"])
def test_quality_on_other_sets(redactor, name):
    recall, clean_altered = _quality(redactor, _load(name))
    assert recall >= 0.95
    assert clean_altered <= 0.03
