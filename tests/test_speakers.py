"""monitor.speakers: the layout conventions that name a sentence's speaker outside it (pure)."""

from __future__ import annotations

from monitor import speakers
from monitor.claims import split_sentences


def _speakers(*paragraphs: str, signed: bool = False) -> list[str | None]:
    sents = [split_sentences(p, "en") for p in paragraphs]
    if signed:
        sents = [speakers.split_signatures(p, s) for p, s in zip(paragraphs, sents, strict=True)]
        return speakers.signed_quotations(list(paragraphs), sents)
    return speakers.transcript_speakers(list(paragraphs), sents)


def test_a_dialogue_without_an_opener_is_a_transcript_and_a_word_label_is_no_speaker():
    got = _speakers(
        "Clinton was asked about the attack on the consulate during the debate.",
        "RAMOS: Secretary Clinton, did you lie to them?",
        "VIDEO: They said they would call me and let me know about the video.",
        "RAMOS: Did you lie to the families?",
        "CLINTON: I feel a great deal of sympathy for the families.",
    )
    assert got == [None, "RAMOS", None, "RAMOS", "CLINTON"]


def test_a_broadcasters_own_host_and_reporter_are_the_pages_voice():
    got = _speakers(
        "SACHA PFEIFFER, HOST: Texas teachers are pushing back hard.",
        "SERGIO MARTINEZ-BELTRAN, BYLINE: It is a Saturday afternoon in Austin.",
        "MARTINEZ-BELTRAN: Most people chanting here are educators.",
        "ROSIE CURTS: If vouchers pass, it would take money away from our public schools.",
        "MARTINEZ-BELTRAN: Curts is getting help from a plumber.",
        "CURTS: We need more, not less.",
    )
    assert got == [None, None, None, "ROSIE CURTS", None, "CURTS"]


def test_an_unquoted_turn_ends_with_its_paragraph_and_a_lone_kicker_is_no_speaker():
    assert _speakers(
        "Partial transcript as follows:",
        "TAPPER: Do you think he has campaigned as a healer?",
        "FALLIN: I think he is trying. I trust him with his words.",
        "Follow Pam Key on Twitter.",
    ) == [None, "TAPPER", "FALLIN", "FALLIN", None]
    assert _speakers(
        "The bridge will reopen in March, the county said.",
        "CLARIFICATION: An earlier version misstated the month.",
    ) == [None, None]


def test_a_signature_needs_a_closing_mark_a_dash_and_a_name_ending_its_line():
    got = _speakers(
        "“Maybe we can build a wall around him.” ― Steve Quinlan",
        "“He scares me. He really does.” — Julie A. Diaz Martinez.",
        "The plan – Governor Smith",  # no quotation
        "“It works” — the company",  # no name
        'It uses the approach known as "science of reading." – Wisconsin Public Radio',
        signed=True,
    )
    assert got == [
        "Steve Quinlan", "",
        "Julie A. Diaz Martinez", "Julie A. Diaz Martinez", "",
        None, None, None,  # and the credit after a term in quotation marks is not split off
    ]


def test_title_case_labels_count_after_a_transcript_opener_only():
    turns = (
        "Chris Wallace: Governor, will she be at the debate?",
        "Mike Pence: She will not be attending the debate tomorrow night.",
        "Chris Wallace: Why would he invite her?",
    )
    assert _speakers("Partial transcript as follows:", *turns) == [
        None, "Chris Wallace", "Mike Pence", "Chris Wallace",
    ]
    assert _speakers("The governor spoke on Sunday.", *turns) == [None, None, None, None]


def test_a_signature_may_give_a_role_or_a_last_initial_and_the_quotation_a_lead_in():
    got = _speakers(
        "User review: “Easy to use for creators. The dashboard could be simpler.” — Neha R.,"
        " Concept Artist",
        "“Hardware should be open. Owners should repair it.” – Kyle Wiens, CEO iFixit",
        signed=True,
    )
    assert got == ["Neha R.", "Neha R.", "", "Kyle Wiens", "Kyle Wiens", ""]
