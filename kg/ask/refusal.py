"""`AskError`: a question `kg.ask` does not answer, and why — never rows for a different question.

Three reasons:

- ``not-understood`` — a word the reader cannot place (长寿区的GDP是多少？), or names it understood
  but no question form that combines them; the suggestions are question forms it does know;
- ``not-in-graph`` — a name that is not in this graph (区交通局, 第二十项任务, 2050年); the
  suggestions are the closest names it does hold;
- ``ambiguous`` — a name that means several things here (two districts' 区市场监管局 in one corpus);
  the candidates are named so the user can pick one;
- ``too-long`` — a question longer than `MAX_QUESTION` characters (a question is a sentence, not a
  document), or text that is not a question at all (characters that are not Unicode, as from bytes
  that were not UTF-8); refused before it is read (`check_question`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..errors import ExitCode, InputError, QueryError

__all__ = ["AskError", "REASONS", "MAX_QUESTION", "check_question", "question_text"]

REASONS = ("not-understood", "not-in-graph", "ambiguous", "too-long")
MAX_QUESTION = 300  # characters: the longest question read; the forms of docs/ask.md take 8 to 30


@dataclass(eq=False)  # hashed by identity, as exceptions are
class AskError(QueryError):
    """A refused question: ``reason`` (one of `REASONS`), a one-line ``message``, ``suggestions`` (question
    forms or names to try) and, for an ambiguous name, the ``candidates`` (`kg.ask.entities.Entity`).

    Examples
    --------
    >>> e = AskError("长寿区的GDP是多少？", "not-understood", "不理解“GDP”", ["区市场监管局牵头哪些任务？"])
    >>> str(e)
    '不理解“GDP” (not-understood)'
    >>> e.to_dict()["suggestions"]
    ['区市场监管局牵头哪些任务？']
    """

    exit_code = ExitCode.REFUSED

    question: str
    reason: str
    message: str
    suggestions: list[str] = field(default_factory=list)
    candidates: list[Any] = field(default_factory=list)
    understood: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise ValueError(f"unknown refusal reason {self.reason!r}")
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.message} ({self.reason})"

    def to_dict(self) -> dict[str, Any]:
        """The refusal as JSON-ready data (``policykg ask --format json``)."""
        return {
            "question": self.question,
            "refused": self.reason,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "candidates": [c.to_dict() if hasattr(c, "to_dict") else c for c in self.candidates],
            "understood": self.understood,
        }

    def format(self, fmt: str = "table") -> str:
        """The refusal as text (table), JSON, or CSV (one row: reason, message, suggestions)."""
        import csv
        import io
        import json

        from ..cells import csv_row

        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(["question", "refused", "message", "suggestions"])
            writer.writerow(csv_row([self.question, self.reason, self.message, "；".join(self.suggestions)]))
            return buf.getvalue()
        lines = [f"问题 question:  {self.question}", f"未回答 refused: {self.message} ({self.reason})"]
        if self.candidates:
            lines.append("候选 candidates:")
            lines += [f"  - {c.label}  <{c.iri}>" if hasattr(c, "label") else f"  - {c}"
                      for c in self.candidates]
        if self.suggestions:
            lines.append("可以这样问 try:" if self.reason == "not-understood" else "图中有 known:")
            lines += [f"  - {s}" for s in self.suggestions]
        return "\n".join(lines) + "\n"


def check_question(question: str) -> None:
    """Refuse, before anything reads it, a question over `MAX_QUESTION` characters (reason
    ``too-long``) or one holding characters that are not Unicode (lone surrogates: bytes that were
    not UTF-8, reason ``not-understood``).

    Examples
    --------
    >>> check_question("区法院牵头哪些任务？")
    >>> try:
    ...     check_question("区法院" * 200)
    ... except AskError as refusal:
    ...     print(refusal)
    问题太长：600 个字，最多 300 个字 (question too long: 600 characters, at most 300) (too-long)
    """
    n = len(question.strip())
    if n > MAX_QUESTION:
        raise AskError(question[:MAX_QUESTION] + "…", "too-long",
                       f"问题太长：{n} 个字，最多 {MAX_QUESTION} 个字 (question too long: {n} characters, "
                       f"at most {MAX_QUESTION})")
    try:
        question.encode("utf-8")
    except UnicodeEncodeError:
        raise AskError(question.encode("utf-8", "replace").decode("utf-8"), "not-understood",
                       "问题含有无法识别的字符 (not valid UTF-8 text)") from None


def question_text(argument: str, stdin: BinaryIO | None = None) -> str:
    """The question ``policykg ask`` was given: the argument, or standard input for ``-`` (read up to
    64 KiB; `check_question` refuses what is over the cap). Text that is not UTF-8 is bad input
    (`InputError`, exit code 5): bytes on the command line arrive as lone surrogates.

    Examples
    --------
    >>> import io
    >>> question_text("-", io.BytesIO("区法院牵头哪些任务？\\n".encode()))
    '区法院牵头哪些任务？\\n'
    >>> question_text("-", io.BytesIO(b"\\xff\\xfe"))
    Traceback (most recent call last):
    ...
    loaders.errors.InputError: <stdin>: the question is not UTF-8 text
    """
    if argument == "-" and stdin is not None:
        data = stdin.read(1 << 16)
        try:  # a read cut at 64 KiB is over the cap anyway, and its last character may be cut too
            return data.decode("utf-8-sig", "replace" if len(data) >= 1 << 16 else "strict")
        except UnicodeDecodeError:
            raise InputError("<stdin>", "the question is not UTF-8 text") from None
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("question", "not UTF-8 text (the command line gave bytes that are not "
                                     "UTF-8)") from None
    return argument
