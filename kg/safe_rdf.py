"""The one check every RDF file policykg reads goes through, whatever reads it next.

``--data`` of every command (`kg.sparql.store.open_kg`), ``serve`` and ``push`` (which hand the file
to Oxigraph's own loader and parser) and the files a Virtuoso load registers all call
`check_rdf_file` before a parser sees the file. It refuses, with one line naming the file
(`kg.sparql.store.KGReadError`, exit code 5):

- what is not a regular file (a device such as ``/dev/zero``, a FIFO, a socket);
- a file over the size limit of its format (`MAX_RDF_BYTES`, `MAX_JSONLD_BYTES`; the environment
  variables ``POLICYKG_MAX_RDF_BYTES`` and ``POLICYKG_MAX_JSONLD_BYTES`` change them, ``0`` for none);
- RDF/XML that declares a DTD (entities: "billion laughs"; external entities: local files), found by
  expat up to the root element (`kg.safe_xml`);
- JSON-LD whose ``@context`` is not written inline: a context given by reference (an ``http:``,
  ``https:`` or ``file:`` IRI, relative or absolute) or through ``@import`` would be fetched by rdflib's
  parser — a remote server decides how much is read and how long it takes, and ``file:///etc/passwd``
  is read from the disk. policykg never fetches a context; it ships none to refer to either, so a
  JSON-LD file must carry its context inline. JSON nested deeper than `MAX_JSON_DEPTH` is refused too.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .errors import ExitCode, PolicyKGError
from .limits import env_limit

__all__ = ["check_rdf_file", "rdf_format", "MAX_RDF_BYTES", "MAX_JSONLD_BYTES", "MAX_JSON_DEPTH",
           "ENV_MAX_RDF_BYTES", "ENV_MAX_JSONLD_BYTES"]

#: Bytes an RDF file (Turtle, N-Triples, RDF/XML …) may have; Oxigraph reads these as a stream.
MAX_RDF_BYTES = 8 * 2**30
#: Bytes a JSON-LD file may have: rdflib reads it whole into Python objects (about 20 times its size).
MAX_JSONLD_BYTES = 256 * 2**20
#: Nesting of JSON arrays and objects a JSON-LD file may have (a KG needs fewer than ten).
MAX_JSON_DEPTH = 64
ENV_MAX_RDF_BYTES = "POLICYKG_MAX_RDF_BYTES"
ENV_MAX_JSONLD_BYTES = "POLICYKG_MAX_JSONLD_BYTES"

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


# The RDF formats by file suffix, and the error of a KG file that cannot be read: here, in the leaf
# module every reader goes through (kg.sparql.store re-exports both).
RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
               ".jsonld": "json-ld"}


class KGReadError(PolicyKGError, ValueError):
    """A KG file that is not valid RDF in its format (one line: file and problem)."""

    exit_code = ExitCode.INPUT


def _error(message: str) -> Exception:
    return KGReadError(message)


def rdf_format(path: str | os.PathLike[str]) -> str:
    """The rdflib format name of an RDF file, from its suffix (`kg.sparql.store.RDF_FORMATS`).

    Examples
    --------
    >>> rdf_format("out/kg.ttl"), rdf_format("a.JSONLD")
    ('turtle', 'json-ld')
    """
    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _error(f"{path}: unknown RDF format (expected one of {', '.join(sorted(RDF_FORMATS))})")
    return fmt


def _limit(name: str, default: int) -> int | None:
    return env_limit(name, default, KGReadError, "bytes")


def check_rdf_file(path: str | os.PathLike[str]) -> str:
    """Check an RDF file before any parser reads it; its rdflib format name, or `KGReadError`.

    Examples
    --------
    >>> check_rdf_file("out/kg.ttl")
    'turtle'
    >>> import json, pathlib
    >>> _ = pathlib.Path("remote.jsonld").write_text(json.dumps(
    ...     {"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://e/a", "name": "x"}))
    >>> check_rdf_file("remote.jsonld")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.safe_rdf.KGReadError: remote.jsonld: the JSON-LD @context refers to 'http://127.0.0.1:9/...'; ...
    """
    path = Path(path)
    fmt = rdf_format(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _error(f"{path}: {exc.strerror or exc}") from None
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise _error(f"{path}: {kind}, not a regular file; refused")
    limit = _limit(ENV_MAX_JSONLD_BYTES, MAX_JSONLD_BYTES) if fmt == "json-ld" else \
        _limit(ENV_MAX_RDF_BYTES, MAX_RDF_BYTES)
    if limit is not None and info.st_size > limit:
        env = ENV_MAX_JSONLD_BYTES if fmt == "json-ld" else ENV_MAX_RDF_BYTES
        raise _error(f"{path}: {info.st_size:,} bytes, over the limit of {limit:,} for {fmt} ({env}); "
                     "refused")
    if fmt == "xml":
        from .safe_xml import UnsafeXMLError, check_xml_file

        try:
            check_xml_file(path)
        except UnsafeXMLError as exc:
            raise _error(str(exc)) from None
    elif fmt == "json-ld":
        _check_jsonld(path)
    return fmt


def _check_jsonld(path: Path) -> None:
    try:
        data = json.loads(path.read_bytes())
    except RecursionError:
        raise _error(f"{path}: JSON nested too deeply; refused") from None
    except ValueError as exc:
        raise _error(f"{path}: not valid RDF (json-ld): {' '.join(str(exc).split())[:200]}") from None
    # Iterative walk: every @context anywhere (top level, nodes, scoped term definitions) must be inline.
    stack: list[tuple[object, int, bool]] = [(data, 1, False)]
    while stack:
        value, depth, in_context = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _error(f"{path}: JSON nested deeper than {MAX_JSON_DEPTH} levels; refused")
        if isinstance(value, list):
            for item in value:
                if in_context and not isinstance(item, (dict, list)) and item is not None:
                    raise _error(_reference(path, item))
                stack.append((item, depth + 1, in_context))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "@import":
                    raise _error(f"{path}: the JSON-LD context imports {item!r}; policykg never fetches a "
                                 "context: write it inline")
                if key == "@context":
                    if item is not None and not isinstance(item, (dict, list)):
                        raise _error(_reference(path, item))
                    stack.append((item, depth + 1, True))
                else:
                    stack.append((item, depth + 1, False))


def _reference(path: Path, ref: object) -> str:
    return (f"{path}: the JSON-LD @context refers to {ref!r}; policykg never fetches a context: "
            "write it inline")
