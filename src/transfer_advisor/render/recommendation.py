"""Every format of a recommendation, in one call: the CLI chooses the format and the
destination, this module assembles the text.

What a recommendation carries is what is written: its trace (``--explain``) and its what-if
ladder (``--what-if``) are part of every format. Each format's module is imported only when
it is asked for, so JSON output never pays for rich.
"""

from __future__ import annotations

from transfer_advisor.advice.recommendation import Recommendation
from transfer_advisor.render.common import OutputFormat, assert_never, to_json, to_yaml


def format_recommendation(
    recommendation: Recommendation, fmt: OutputFormat, *, color: bool = False, width: int = 100
) -> str:
    """Render ``recommendation`` in ``fmt``; every member of OutputFormat is handled."""
    if fmt is OutputFormat.json:
        return to_json(recommendation.to_dict())
    if fmt is OutputFormat.yaml:
        return to_yaml(recommendation.to_dict())
    if fmt is OutputFormat.markdown:
        from transfer_advisor.render.markdown import to_markdown

        return to_markdown(recommendation)
    if fmt is OutputFormat.text:
        from transfer_advisor.render.terminal import render_text, render_trace, render_what_if

        text = render_text(recommendation, color=color, width=width)
        if recommendation.trace is not None:
            text += render_trace(recommendation, color=color, width=width)
        if recommendation.what_if is not None:
            text += render_what_if(recommendation.what_if, color=color, width=width)
        return text
    assert_never(fmt)
