"""The text format of a ``check`` report: ``path:line:col: severity rule message``, one line per
finding that counts, in color on a terminal.
"""

from __future__ import annotations

from transfer_advisor.check.formats.common import clean, findings_shown, where
from transfer_advisor.check.model import CheckReport

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def to_text(report: CheckReport, *, color: bool = False) -> str:
    """One line per finding that counts; suppressed ones are left to the summary."""
    shown = findings_shown(report)
    if not color:
        return "".join(
            f"{where(r, f)}: {f.severity} {clean(f.rule)} {clean(f.message)}\n" for r, f in shown
        )
    import io

    from rich.text import Text

    from transfer_advisor.render.console import make_console

    buffer = io.StringIO()
    console = make_console(buffer, color=True, width=10_000, soft_wrap=True)
    for result, finding in shown:
        line = Text()
        line.append(where(result, finding), style="bold")
        line.append(": ")
        line.append(finding.severity, style=_STYLE[finding.severity])
        line.append(" ")
        line.append(clean(finding.rule), style="dim")
        line.append(" ")
        line.append(clean(finding.message))
        console.print(line)
    return buffer.getvalue()
