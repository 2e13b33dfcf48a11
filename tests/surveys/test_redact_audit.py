"""Leaks found by the information-governance audit (all data invented), on the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from surveys.redact import PLACEHOLDERS, PRIORITY, redact_patterns

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "redaction"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My neighbour Władysław Szczepański (born 04/07/1950) lives alone",
         "My neighbour [NAME] (born [DOB]) lives alone"),
        ("my dad Stanisław was upset", "my dad [NAME] was upset"),
        ("Nurse Łucja was great", "Nurse [NAME] was great"),
        ("Oisín from the group rang me", "[NAME] from the group rang me"),
        ("Björn Müller helped me", "[NAME] helped me"),
        ("José Álvarez was my nurse", "[NAME] was my nurse"),
        ("Seán Ó Briain ran the session", "[NAME] ran the session"),
        ("Zofia Wiśniewska was kind", "[NAME] was kind"),
        ("thanks to Siobhán and Pádraig", "thanks to [NAME] and [NAME]"),
        ("Dr Ó Murchú was kind", "Dr [NAME] was kind"),
        # the unaccented spelling behaves the same
        ("My neighbour Wladyslaw Szczepanski lives alone", "My neighbour [NAME] lives alone"),
    ],
)
def test_accented_names_are_redacted(redactor, text, expected):
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mohammed bin Rashid Al-Farsi was my consultant", "[NAME] was my consultant"),
        ("Ali ibn Khalid came to see me", "[NAME] came to see me"),
        ("Saoirse Ní Bhriain was lovely", "[NAME] was lovely"),
        ("Dafydd ap Gwilym helped", "[NAME] helped"),
        ("Carol-Ann McTavish was my nurse", "[NAME] was my nurse"),
        ("JOHN SMITH was my nurse", "[NAME] was my nurse"),
        ("Seen by Dr John SMITH and Nurse JONES", "Seen by Dr [NAME] and Nurse [NAME]"),
        ("Mary de la Cruz was lovely", "[NAME] was lovely"),
        ("Dr de Souza and Mr van der Berg", "Dr [NAME] and Mr [NAME]"),
        ("My GP Dr al-Farsi", "My GP Dr [NAME]"),
    ],
)
def test_multi_part_names_are_redacted_whole(redactor, text, expected):
    assert redactor.redact(text).text == expected


def test_shouted_words_after_a_name_are_kept(redactor):
    text = "Dr Patel RUDE and Jo NHS, thanks Priya XX"
    assert redactor.redact(text).text == "Dr [NAME] RUDE and [NAME] NHS, thanks [NAME] XX"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS number 943.476.5919 please", "NHS number [NHS_NUMBER] please"),
        ("NHS number 943/476/5919 please", "NHS number [NHS_NUMBER] please"),
        ("ref 943.476.5919 on the letter", "ref [NHS_NUMBER] on the letter"),
        # labelled: redacted even though the check digit fails
        ("NHS number 485 777 3456", "NHS number [NHS_NUMBER]"),
        ("NHS no: 4857773456, thanks", "NHS no: [NHS_NUMBER], thanks"),
        ("my NHS No. is 485-777-3456", "my NHS No. is [NHS_NUMBER]"),
    ],
)
def test_nhs_numbers_with_other_separators_or_a_label(redactor, text, expected):
    result = redactor.redact(text)
    assert result.text == expected
    assert result.counts() == {"NHS_NUMBER": 1}


def test_unlabelled_bad_check_digit_is_still_kept(redactor):
    text = "Reference 485 777 3456 and 485.777.3456 on the letter"
    assert redactor.redact(text).text == text


@pytest.mark.parametrize("number", ["(0)1603 456 789", "+44 (0)7700-900-456", "(0) 1603 456789"])
def test_phone_with_bracketed_trunk_zero(redactor, number):
    assert redactor.redact(f"call {number} today").text == "call [PHONE] today"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("follow @wojtek_grz for updates", "follow [HANDLE] for updates"),
        ("Instagram: @amara.okoye_01.", "Instagram: [HANDLE]."),
        ("find me on facebook as leticia.throckmorton.79", "find me on facebook as [HANDLE]"),
        ("my tiktok is jo_bloggs99", "my tiktok is [HANDLE]"),
        ("snapchat: kay.b.2001", "snapchat: [HANDLE]"),
    ],
)
def test_social_media_handles(redactor, text, expected):
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize("number", ["QQ 12 34 56 C", "AB123456C", "ab123456c", "JM 123456 D"])
def test_national_insurance_numbers(redactor, number):
    assert redactor.redact(f"my NI number is {number} ok").text == "my NI number is [NI_NUMBER] ok"


@pytest.mark.parametrize(
    "address",
    ["jane[at]example.com", "jane (at) example dot com", "mike dot jones at gmail dot com",
     "jo.bloggs [at] nhs [dot] net", "sam at hotmail.co.uk", "pat {at} example.org.uk"],
)
def test_obfuscated_emails(redactor, address):
    assert redactor.redact(f"Email {address} please").text == "Email [EMAIL] please"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hospital number RGN1234567", "hospital number [ID_NUMBER]"),
        ("MRN 12345678 on the wristband", "MRN [ID_NUMBER] on the wristband"),
        ("my hospital no. is: K1234567", "my hospital no. is: [ID_NUMBER]"),
        ("Patient ID 00123456", "Patient ID [ID_NUMBER]"),
    ],
)
def test_labelled_hospital_numbers(redactor, text, expected):
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize("plate", ["AB12 CDE", "KY19 XHG", "YT70 ZZA"])
def test_vehicle_registrations(redactor, plate):
    assert redactor.redact(f"a car {plate} parked in the bay").text == (
        "a car [VEHICLE_REG] parked in the bay"
    )


@pytest.mark.parametrize("postcode", ["AB12 3DE", "KY19 8XH", "NR14 7AB"])
def test_postcodes_are_not_vehicle_registrations(redactor, postcode):
    result = redactor.redact(f"we moved to {postcode} last year")
    assert result.text == "we moved to [POSTCODE] last year"


@pytest.mark.parametrize(
    "text",
    [
        "I saw the GP at 9.30",
        "Ward 7 was noisy and Area 51 is a film",
        "AB12 alone is only half a postcode",
        "Hope and support",
        "the @ sign, meet @ 10:30 or @3pm",
        "THE STAFF WERE RUDE AND THE WARD WAS DIRTY",
        "I live in NR14 AND IP22 THE REST",
        "I found the group on Facebook and Instagram, my instagram is private.",
        "I emailed them at nhs.net and looked at nhs.uk, I was at home dot com",
        "I scored 12 34 56 a lot, hospital number is 12, patient number 5 on the list",
        "NHS 111 and 999, NHS number: please call",
        "Mid-Norfolk, Anglo-Saxon, Post-COVID care, Non-Urgent referral, Self-Help group",
        "The Al-Anon group, Le Grand Hotel, La Leche League, De Montfort University",
        "café staff and my fiancé helped; Tous les jours, la vie est belle",
        "The A47 and the M11 were closed",
    ],
)
def test_ordinary_text_survives(redactor, text):
    result = redactor.redact(text)
    assert result.text == text
    assert result.spans == ()


def test_tick_box_answers_get_the_new_patterns():
    text = "NI AB123456C, @jo_b, jo[at]example.com, MRN 12345678, car AB12 CDE"
    assert redact_patterns(text) == (
        "NI [NI_NUMBER], [HANDLE], [EMAIL], MRN [ID_NUMBER], car [VEHICLE_REG]"
    )


def test_every_label_is_a_placeholder_with_a_priority(redactor):
    text = ("Zofia (@zofia_w, zofia[at]example.com, NI QQ 12 34 56 C, NHS no 485 777 3456, "
            "MRN 12345678, car AB12 CDE, (0)1603 456 789)")
    labels = {s.label for s in redactor.redact(text).spans}
    assert labels == {"NAME", "HANDLE", "EMAIL", "NI_NUMBER", "NHS_NUMBER", "ID_NUMBER",
                      "VEHICLE_REG", "PHONE"}
    assert labels <= PLACEHOLDERS
    assert set(PRIORITY) == PLACEHOLDERS


def test_placeholders_are_never_redacted(redactor):
    text = " ".join(f"[{p}]" for p in sorted(PLACEHOLDERS)) + " Dr [NAME], my son [NAME]."
    result = redactor.redact(text)
    assert result.text == text
    assert result.spans == ()


AUDIT_TEXTS = [
    "My neighbour Władysław Szczepański (born 04/07/1950) lives alone",
    "Mohammed bin Rashid Al-Farsi and Carol-Ann McTavish, JOHN SMITH",
    "NHS number 943.476.5919, NHS no: 485 777 3456, call (0)1603 456 789",
    "Instagram: @amara.okoye_01, NI QQ 12 34 56 C, mike dot jones at gmail dot com",
    "hospital number RGN1234567, car KY19 XHG at NR1 3SR",
    "Q&A: man at table 3 said Dr Smith 'never looks up from the screen'.",
]


def _fixture_texts() -> list[str]:
    texts = []
    for name in ("comments", "heldout", "stress", "audit"):
        with (FIXTURES / f"{name}.jsonl").open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


def test_redaction_is_idempotent(redactor):
    texts = AUDIT_TEXTS + _fixture_texts()
    once = [r.text for r in redactor.redact_many(texts)]
    twice = [r.text for r in redactor.redact_many(once)]
    assert [(a, b) for a, b in zip(once, twice, strict=True) if a != b] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Keisha's mum", "[NAME]'s mum"),
     ("Tom's support worker helped", "[NAME]'s support worker helped"),
     ("Mind's support worker was great", "Mind's support worker was great"),
     ("My son's friend", "My son's friend"), ("The GP's nurse", "The GP's nurse")],
)
def test_a_name_owning_a_relation_or_role_is_redacted(redactor, text: str, expected: str) -> None:
    assert redactor.redact_many([text])[0].text == expected
