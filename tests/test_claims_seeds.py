"""The claims of the seeds stay what they were when the attribution model shipped.

`fixtures/claims_seeds.json` holds the paragraphs `pipeline` hands `extract_claims` for the
five seeds (and the one translation among them) and the claims the packaged model gave them
(recorded before the attribution stage was made faster). A speed-up of the claims stage must
not change one field of one claim. A deliberate change of behaviour (new model, new rule)
re-records the fixture and says so in its commit.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from monitor import attribution
from monitor.claims import extract_claims, split_sentences

CASES = json.loads((Path(__file__).parent / "fixtures" / "claims_seeds.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"call{i}" for i in range(len(CASES))])
def test_seed_claims_unchanged(case):
    segments = [tuple(s) for s in case["segments"]]
    got = [dataclasses.asdict(c) for c in extract_claims(segments)]
    assert got == case["claims"]


def test_run_time_features_score_as_the_training_features():
    """The tagger gets the training form's features minus those worth 0.0, in the same order."""
    n = 0
    for case in CASES:
        paras = [split_sentences(text, lang) for _, text, lang in case["segments"]]
        infos = attribution.sentence_infos(paras)
        full = attribution.sentence_features(infos, full=True)
        fast = attribution.sentence_features(infos)
        assert [list(f.items()) for f in fast] == [[(k, v) for k, v in f.items() if v] for f in full]
        for info in infos:
            full_tok = attribution.token_features_full(info)
            assert attribution.token_features(info) == [
                [k.encode() for k, v in f.items() if v] for f in full_tok
            ]
            assert all(v in (0.0, 1.0) for f in full_tok for v in f.values())
            n += 1
    assert n > 100
