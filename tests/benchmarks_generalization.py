"""The benchmark script as an importable module for the tests (benchmarks/ is not a package)."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "generalization", Path(__file__).resolve().parents[1] / "benchmarks" / "generalization.py")
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
score_entities, course_recognizer, ne_chunk_baseline = _mod.score_entities, _mod.course_recognizer, _mod.ne_chunk_baseline
score_sentiment = _mod.score_sentiment
table, REFERENCE_SCORES = _mod.table, _mod.REFERENCE_SCORES
