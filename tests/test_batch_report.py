"""The batch HTML report: counts that mean what they say, labels that fit, findings told apart,
estimates with totals, a table to sort and filter, and a real headless browser at 200 and
200,000 rows."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from transfer_advisor.batch.html import REPORT_ROW_LIMIT, ReportTable, bar_chart, render_report
from transfer_advisor.batch.html_assets import SCRIPT
from transfer_advisor.batch.summary import BatchSummary, Brief

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _brief(row: int) -> Brief:
    """A varied synthetic row: strategies, repeated findings of one id, costs, some errors."""
    if row % 97 == 0:
        return Brief(row, f"case-{row}", None, None, None, (), f"rows.jsonl:{row}: bad row")
    strategy, technique = [("peft", "lora"), ("in_context", "few_shot"),
                           ("full_fine_tune", "full"), ("peft", "qlora")][row % 4]  # fmt: skip
    findings: tuple[tuple[str, str], ...] = (("prompting-first", "warning"),)
    rules: tuple[str, ...] = ("prompting-first",)
    if row % 3 == 0:
        findings += (("domain-mismatch", "warning"), ("domain-mismatch", "info"))
        rules += ("domain-mismatch/language", "domain-mismatch/domain")
    cost = None if strategy == "in_context" else 10.0 + row % 50
    return Brief(row, f"use-case-{row}", "llama-3-8b", strategy, technique, findings, None,
                 rules, "yes", None if cost is None else cost / 3, None if cost is None
                 else cost / 2, cost)  # fmt: skip


def _build(rows: int) -> tuple[BatchSummary, ReportTable, str]:
    summary, table = BatchSummary(), ReportTable()
    for row in range(1, rows + 1):
        item = _brief(row)
        summary.add(item)
        table.add(item)
    return summary, table, render_report(summary, table, source=f"{rows}-rows.jsonl")


def _charts(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", page, re.S)]


@pytest.mark.parametrize("rows", [200, 200_000])
def test_chart_text_stays_inside_each_chart(rows: int) -> None:
    # Six-digit counts used to run past the right edge; measured with a generous 7.5 px per
    # character of 12 px text (the browser test below measures with a real font).
    _, _, page = _build(rows)
    for chart in _charts(page):
        width = float(chart.get("viewBox", "").split()[2])
        for text in chart.iter("text"):
            x = float(text.get("x", "0"))
            content = text.text or ""
            px = len(content) * 7.5
            left, right = (x - px, x) if text.get("text-anchor") == "end" else (x, x + px)
            assert left >= 0 and right <= width, (content, left, right, width)
            assert "…" not in content


def test_the_findings_chart_counts_rows_and_shares_of_advised_rows() -> None:
    summary = BatchSummary()
    for item in [_brief(3), _brief(6), _brief(1)]:  # two rows raise domain-mismatch twice each
        summary.add(item)
    assert summary.findings["domain-mismatch"] == 4  # findings
    assert summary.finding_rows["domain-mismatch"] == 2  # rows raising it
    page = render_report(summary, ReportTable(), source="x")
    findings_chart = _charts(page)[2]
    values = [t.text for t in findings_chart.iter("text")]
    assert "Findings: rows raising each (share of advised rows)" in values
    assert "2 (66.7%)" in values  # 2 of the 3 advised rows, not a share of all findings
    assert "3 (100.0%)" in values  # prompting-first: every row


def test_a_finding_raised_twice_in_a_row_is_told_apart_by_its_rule() -> None:
    summary, table = BatchSummary(), ReportTable()
    summary.add(_brief(3))
    table.add(_brief(3))
    page = render_report(summary, table, source="x")
    assert ">domain-mismatch/language<" in page and ">domain-mismatch/domain<" in page
    assert "title='rule prompting-first'>prompting-first<" in page


def test_estimates_and_their_totals() -> None:
    summary, table, page = _build(200)
    costed = [b for b in table.rows if b.usd_high is not None]
    assert summary.costed == len(costed)
    assert summary.usd_high == pytest.approx(sum(b.usd_high or 0 for b in costed))
    assert f"<td class='n'>{summary.usd_high:,.2f}</td>" in page  # the totals row
    assert f"${summary.usd_low:,.0f}–${summary.usd_high:,.0f}" in page
    assert "<th data-key='usd'>cost (USD, high)</th>" in page


def test_the_script_is_the_only_one_the_page_allows() -> None:
    _, _, page = _build(200)
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page
    assert f"<script>{SCRIPT}</script>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)


def test_the_rows_travel_as_inert_json() -> None:
    hostile = Brief(1, "</script><script>alert(1)</script>&amp;\ud800", "m", "peft", "lora",
                    (), None)  # fmt: skip
    summary, table = BatchSummary(), ReportTable()
    summary.add(hostile)
    table.add(hostile)
    page = render_report(summary, table, source="x")
    block = re.search(r'<script type="application/json" id="rows-data">(.*?)</script>', page, re.S)
    assert block is not None and "<" not in block.group(1) and "&" not in block.group(1)
    assert json.loads(block.group(1))[0]["name"] == hostile.name


def test_a_huge_batch_is_a_summary_and_pages_of_rows() -> None:
    summary, table, page = _build(200_000)
    assert summary.rows == 200_000 and len(table.rows) == REPORT_ROW_LIMIT
    assert f"The table holds the first {REPORT_ROW_LIMIT:,} of 200,000 use cases" in page
    assert page.count("<tr") == 1 + 100 + 1  # the header, the first page, the totals
    assert "200,000" in page
    assert len(page) < 12_000_000


def test_a_long_label_is_cut_with_its_whole_text_as_tooltip() -> None:
    chart = ET.fromstring(bar_chart([("x" * 80, 5, "#000")], title="t"))
    label = next(t for t in chart.iter("text") if t.text and t.text.startswith("x"))
    assert label.text.endswith("…") and label.find("title").text == "x" * 80  # type: ignore[union-attr]


def _browser() -> str | None:
    return next((b for b in BROWSERS if shutil.which(b)), None)


@pytest.mark.skipif(_browser() is None, reason="no headless browser (.ci/run installs chromium)")
@pytest.mark.parametrize("rows", [200, 200_000])
def test_the_report_in_a_headless_browser(rows: int, tmp_path: Path) -> None:
    browser = _browser()
    assert browser is not None
    _, _, page = _build(rows)
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600"]
    subprocess.run([*flags, f"--screenshot={shot}", path.as_uri()], check=True, timeout=120,
                   capture_output=True)  # fmt: skip
    assert shot.stat().st_size > 10_000
    # The script measures every chart label with the browser's own font and counts those
    # drawn past a chart's edge. Read through --dump-dom, with the script allowed inline: some
    # Chromium builds crash computing CSP hashes on CPUs whose SHA extensions a VM hides.
    measured = tmp_path / "measured.html"
    measured.write_text(re.sub(r"script-src '[^']+'", "script-src 'unsafe-inline'", page),
                        encoding="utf-8")  # fmt: skip
    dom = subprocess.run([*flags, "--dump-dom", measured.as_uri()], timeout=120,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert 'data-cut-labels="0"' in dom, re.search(r"<body[^>]*>", dom)
    info = re.search(r'<span id="info">([^<]*)</span>', dom)
    assert info is not None and info.group(1).startswith("rows 1–100 of ")
