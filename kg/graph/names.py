"""Documents whose file names are not UTF-8 (GBK names from Windows archives) read like any other.

Python hands such a name over with its undecodable bytes as lone surrogates, which cannot be
printed, written to JSON or Turtle, or percent-encoded into an IRI. `load_document` here reads the
file by its real name and then gives the document the readable name (`loaders.read.decoding.readable_name`):
its id, source path and every key derived from them (agency keys carry the document id).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from loaders.read.decoding import readable_name

__all__ = ["load_document", "readable_name"]


def load_document(path: str | os.PathLike[str], **kwargs: Any):
    """`loaders.extract.document.load_document`, with a readable id and source for a name that is not UTF-8,
    agencies of a district whose name several cities share keyed by city, and a warning for each
    jurisdiction without a division code (`kg.graph.jurisdictions.with_jurisdictions`)."""
    from loaders.extract import document as loader

    from .jurisdictions import with_jurisdictions

    doc = with_jurisdictions(loader.load_document(path, **kwargs))
    raw_source = str(Path(path))
    source = readable_name(raw_source)
    if source == raw_source:
        return doc
    raw_id = doc.meta.id
    new_id = loader.document_id(source)
    return _replace_strings(doc, {raw_source: source, raw_id: new_id})


def _replace_strings(obj: Any, mapping: dict[str, str]) -> Any:
    """``obj`` with every string containing a key of ``mapping`` rewritten (dataclasses, sequences,
    dicts); everything else is returned as it is."""
    if isinstance(obj, str):
        for old, new in mapping.items():
            if old in obj:
                obj = obj.replace(old, new)
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for field in dataclasses.fields(obj):
            if not field.init:
                continue
            value = getattr(obj, field.name)
            new = _replace_strings(value, mapping)
            if new is not value:
                changes[field.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    if isinstance(obj, (list, tuple)):
        items = [_replace_strings(x, mapping) for x in obj]
        if all(a is b for a, b in zip(items, obj, strict=True)):
            return obj
        return type(obj)(items) if not hasattr(obj, "_fields") else type(obj)(*items)
    if isinstance(obj, dict):
        pairs = [(_replace_strings(k, mapping), _replace_strings(v, mapping)) for k, v in obj.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, obj.items(), strict=True)):
            return obj
        return type(obj)(pairs)
    return obj
