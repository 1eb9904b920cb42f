"""Whose words a sentence is, by two layout conventions that name the speaker outside it.

Pure: paragraphs (their text and their sentences) in, one speaker or None per sentence out.

- Transcript speaker labels: a paragraph opening (after a quotation mark, maybe) with a
  speaker's label and a colon, "PENCE: Well, look, ...", "JAKE TAPPER: Donald Trump ...";
  every sentence of the turn is the speaker's, with the paragraphs that go on with the same
  quotation ("\"But the truth is ..." after "\"PENCE: ...") up to the next label. A label is
  told from a kicker ("UPDATE:", "EMAIL:", "STAT OF THE WEEK:") by general evidence: it reads
  as a name (no word of it written in lower case elsewhere in the article), and the article
  is a transcript (an opener such as "Partial transcript as follows:" before it, or a
  dialogue: two speakers or more, one of them speaking twice).
- Quotations signed after a dash: `“Donald Trump scares me. ...” ― Krystal Correa` (readers'
  voices, testimonials, epigraphs): a closing quotation mark, a dash and a name of two to
  five capitalised words or initials ("Erin H."), maybe a role after a comma ("Kyle Wiens,
  CEO iFixit"), ending its line; every sentence of the quotation (from its opening mark at
  the start of a line, after a short lead-in maybe: "User review: “...") is the signer's.
"""

from __future__ import annotations

import re

_SPACE = r"[ \t\u00a0\u2009\u202f]"
# a paragraph's speaker label: capitals ("PENCE", "JAKE TAPPER", "SEN. BOB CORKER") or, in a
# transcript, title case ("Chris Wallace"), then a colon and the words said
_CAPS_LABEL = re.compile(
    rf"^{_SPACE}*(?P<quote>[\"“]?){_SPACE}*(?P<label>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]*){{0,3}})"
    rf"{_SPACE}*:{_SPACE}+(?=\S)"
)
_TITLE_LABEL = re.compile(
    rf"^{_SPACE}*(?P<quote>[\"“]?){_SPACE}*"
    rf"(?P<label>[A-Z][a-z'’-]+(?: (?:[A-Z]\.|[A-Z][a-z'’-]+)){{0,3}})"
    rf"{_SPACE}*:{_SPACE}+(?=\S)"
)
# a broadcaster's own transcript names its staff's role once: "SACHA PFEIFFER, HOST:", "SERGIO
# MARTINEZ-BELTRAN, BYLINE:"; their turns are the page's own voice, no one's it reports
_STAFF_LABEL = re.compile(
    rf"^{_SPACE}*[\"“]?{_SPACE}*(?P<label>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]*){{0,3}}),{_SPACE}*"
    rf"(?:[A-Z]+ )*(?:HOST|CO-HOST|BYLINE|ANCHOR|CORRESPONDENT|REPORTER){_SPACE}*:"
)
_OPENER = re.compile(r"\btranscript\b[^\n]*:\s*$", re.IGNORECASE)
_OPENS_QUOTE = re.compile(rf"^{_SPACE}*[\"“]")
_CLOSES_QUOTE = re.compile(r"[\"”]\W*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STAGE = re.compile(r"^\W*\([^()]*\)\W*$")  # "(CROSSTALK.)": a stage direction, no one's words

# a signature: closing mark, dash, a name (capitalised words, initials, particles) at a line end
_PARTICLE = r"(?:de|del|della|da|das|do|dos|di|du|la|le|van|von|der|den|ter|bin|ibn|al|y)"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?"
_INITIAL = r"[A-Z]\.?"
_SIGNER = (
    rf"[―—–]{_SPACE}*"
    rf"(?P<name>(?:{_NAME_WORD}|{_INITIAL})(?: (?:{_NAME_WORD}|{_INITIAL}|{_PARTICLE})){{0,3}}"
    rf" (?:{_NAME_WORD}|[A-Z]\.(?=[ ,\n]|$)))"  # "Erin H.": a reviewer's first name and initial
    rf"(?:,{_SPACE}*(?P<role>[^\n“”\"«»]{{1,80}}?))?"  # "Kyle Wiens, CEO iFixit": the signer's role
    rf"{_SPACE}*\.?{_SPACE}*(?=\n|$)"
)
_SIGNATURE = re.compile(rf"(?P<close>[”\"»]){_SPACE}*" + _SIGNER)
# the quotation's opening mark starts its line, or follows a short lead-in ("User review: “...")
_LINE_OPENS = re.compile(rf"(?:^|\n){_SPACE}*(?:[A-Z][\w'’]*(?: [\w'’]+){{0,3}}:{_SPACE}+)?[“\"”«]")


def _places(text: str, sentences: list[str]) -> list[int]:
    """Where each sentence starts in its paragraph (-1: not found)."""
    out, cursor = [], 0
    for s in sentences:
        pos = text.find(s, cursor)
        if pos < 0:
            pos = text.find(s)
        out.append(pos)
        if pos >= 0:
            cursor = pos + len(s)
    return out


def _label(text: str, title: bool) -> re.Match[str] | None:
    m = _CAPS_LABEL.match(text)
    if m is None and title:
        m = _TITLE_LABEL.match(text)
    if m is None or len(re.sub(r"[^A-Za-z]", "", m.group("label"))) < 3:
        return None
    return m


def _reads_as_name(label: str, lower: set[str]) -> bool:
    """No word of the label is written in lower case elsewhere in the article ("VIDEO:",
    "UPDATE:", "STAT OF THE WEEK:" are words; "PENCE:", "JAKE TAPPER:" are not)."""
    words = [w.strip(".'’-").lower() for w in label.split()]
    return all(w and w not in lower for w in words)


def transcript_speakers(texts: list[str], paragraph_sentences: list[list[str]]) -> list[str | None]:
    """Per sentence (paragraphs flattened), the speaker whose turn of a transcript it is ("" for a
    stage direction in a turn, "(CROSSTALK.)": no one's words)."""
    n = sum(len(s) for s in paragraph_sentences)
    out: list[str | None] = [None] * n
    caps = [_label(t, title=False) for t in texts]
    openers = [("ranscript" in t or "RANSCRIPT" in t) and bool(_OPENER.search(t)) for t in texts]
    if not any(caps) and not any(openers):
        return out
    body = "\n".join(
        t[m.end():] if m else t for t, m in zip(texts, caps, strict=True)
    )
    lower = {w for w in _WORD.findall(body) if w.islower()}
    opener = None  # the first paragraph after a transcript opener
    for k in range(len(texts)):
        if openers[k] and caps[k] is None:
            opener = k + 1
            break
    titled = [_label(t, title=True) for t in texts]
    staff = {
        m.group("label").split()[-1].upper() for t in texts if (m := _STAFF_LABEL.match(t))
    }
    labels: dict[int, str] = {}
    for k, m in enumerate(titled):
        if m is None or not _reads_as_name(m.group("label"), lower):
            continue
        if caps[k] is None and opener is None:
            continue  # title case only in a transcript an opener announces
        labels[k] = m.group("label")
    surnames = [lab.split()[-1].upper() for lab in labels.values()]
    dialogue = len(set(surnames)) >= 2 and len(surnames) > len(set(surnames))
    if not dialogue:
        labels = {k: lab for k, lab in labels.items() if opener is not None and k >= opener}
    # the host's or reporter's own words: the page's voice, a turn no one's
    labels = {k: lab for k, lab in labels.items() if lab.split()[-1].upper() not in staff}
    if not labels:
        return out
    starts, i = [], 0
    for sents in paragraph_sentences:
        starts.append(i)
        i += len(sents)
    speaker: str | None = None
    quoted = False  # the turn's label opens a quotation
    for k, t in enumerate(texts):
        if k in labels:
            speaker = labels[k]
            quoted = bool(titled[k].group("quote"))
        elif titled[k] is not None or not (quoted and _OPENS_QUOTE.match(t)):
            # another label (a kicker, "VIDEO:") ends a turn, and a turn goes on only in
            # paragraphs that go on with its quotation
            speaker = None
        if speaker is not None:
            for j, sent in enumerate(paragraph_sentences[k]):
                out[starts[k] + j] = "" if _STAGE.match(sent) else speaker
            if quoted and _CLOSES_QUOTE.search(t.rstrip()):
                speaker = None  # the quotation closes: the turn ends
    return out


def _signatures(text: str) -> list[tuple[int, re.Match[str]]]:
    """(where its quotation opens, the signature) of each quotation signed in a paragraph: its
    opening mark starts a line after the previous signature ('known as "science of reading."
    – Wisconsin Public Radio' signs no quotation)."""
    out, after = [], 0  # the previous signature's end: no quotation reaches back over it
    if not any(d in text for d in "―—–"):
        return out
    for m in _SIGNATURE.finditer(text):
        opens = _LINE_OPENS.search(text, after, m.start("close"))
        if opens:
            out.append((opens.end() - 1, m))
        after = m.end()
    return out


def signed_quotations(texts: list[str], paragraph_sentences: list[list[str]]) -> list[str | None]:
    """Per sentence (paragraphs flattened), the name signing the quotation it belongs to ("" for
    the signature, "― Krystal Correa", split off by `split_signatures`)."""
    out: list[str | None] = []
    for text, sents in zip(texts, paragraph_sentences, strict=True):
        here: list[str | None] = [None] * len(sents)
        signed = _signatures(text)
        places = _places(text, sents) if signed else []
        for start, m in signed:
            end = m.start("close")
            for j, pos in enumerate(places):
                if pos >= 0 and pos + len(sents[j]) > start and pos < end:
                    here[j] = m.group("name")
                elif end < pos < m.end():
                    here[j] = ""  # the signature itself: no claim
        out.extend(here)
    return out


def split_signatures(text: str, sentences: list[str]) -> list[str]:
    """A signed quotation's signature is a sentence of its own, no one's claim: "... shame.”
    ― Sonya Herridge\n“During the debate ..." splits after the closing mark and at the
    signature's line end ("... shame.”", "― Sonya Herridge", "“During the debate ...")."""
    signed = _signatures(text)
    if not signed:
        return sentences
    cuts = sorted({c for _, m in signed for c in (m.end("close"), m.end())})
    out: list[str] = []
    for s, pos in zip(sentences, _places(text, sentences), strict=True):
        if pos < 0:
            out.append(s)
            continue
        start = 0
        for c in cuts:
            if pos < c < pos + len(s):
                out.append(s[start : c - pos])
                start = c - pos
        out.append(s[start:])
    return [x.strip() for x in out if x.strip()]
