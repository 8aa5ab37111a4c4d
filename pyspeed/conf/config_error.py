"""The one error type of the conf package, and OpenSSL's error-queue records.

A configuration error has to serve two audiences.  People want to know *where*:
the file that is wrong and the line in that file, so `str()` is `file:line: reason`.
Compatibility wants what OpenSSL would have said: its reason string (the same words
as `ERR_reason_error_string`), its error data (`value`, e.g. `HERE-->bar` or
`str=FOO`), and its line counter, which, unlike ours, keeps counting across
`.include`d files (`eline`).  `records` holds the OpenSSL error-queue entries, oldest
first, for the errors whose exact text the reference documents, so a caller can print
the same stack `openssl` prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspeed.errors import printable


@dataclass(frozen=True)
class ErrorRecord:
    """One entry of OpenSSL's error queue, as `ERR_print_errors` renders it.

    `code` is the packed error code (`0x07000065`), `lib` the library text
    (`configuration file routines`), `func` the raising function, `source` the
    `file:line` in the OpenSSL tree (3.0.19/3.0.20), and `data` the free-form data.
    """

    code: int
    lib: str
    func: str
    reason: str
    source: str
    data: str = ""

    def format(self, tid: str = "<TID>") -> str:
        """Render as `<TID>:error:CODE:LIB:FUNC:REASON:SOURCE:DATA`, like OpenSSL 3."""
        fields = (f"{self.code:08X}", self.lib, self.func, self.reason, self.source, self.data)
        return f"{tid}:error:" + ":".join(fields)


class ConfigError(Exception):
    """A configuration file that cannot be used, with where and why.

    Attributes:
        file: the file in which the error is (an included file if it is there),
            or None when no file is involved.
        line: the physical line in `file` (for a continued line: its last physical
            line, as OpenSSL counts), or None when no line is known.
        reason: OpenSSL's reason text, e.g. `missing equal sign`.
        value: the error data (OpenSSL's where it has some, e.g. `HERE-->bar`;
            for variable errors the variable as written, a pyspeed addition), or None.
        eline: OpenSSL's own line counter for the load, which counts every physical
            line read so far including those of included files; equal to `line`
            when no include was involved.  This is the number in
            `Error on line N of config file "FILE"`.
        records: OpenSSL error-queue records, oldest first (may be empty).
    """

    def __init__(
        self,
        file: str | None,
        line: int | None,
        reason: str,
        value: str | None = None,
        *,
        eline: int | None = None,
        records: tuple[ErrorRecord, ...] = (),
        hint: str = "",
    ) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        self.value = value
        self.eline = line if eline is None else eline
        self.records = records
        self.hint = hint  # pyspeed's word on what to do, after OpenSSL's reason and data
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        detail = f" ({self.value})" if self.value else ""
        detail += f": {self.hint}" if self.hint else ""
        # One line, whatever the data holds (a CR can be part of a config line), and no
        # control character reaches the terminal
        return printable(f"{where}{self.reason}{detail}")

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling; specs and
        # their errors cross process boundaries (runner workers).
        return (_rebuild, (self.file, self.line, self.reason, self.value, self.eline, self.records,
                           self.hint))


def _rebuild(
    file: str | None,
    line: int | None,
    reason: str,
    value: str | None,
    eline: int | None,
    records: tuple[ErrorRecord, ...],
    hint: str = "",
) -> ConfigError:
    return ConfigError(file, line, reason, value, eline=eline, records=records, hint=hint)
