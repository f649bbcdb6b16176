"""A customer's statement as PDF, with fpdf2; Devanagari shaped by HarfBuzz (uharfbuzz).

The font is Debian's Lohit Devanagari (package fonts-lohit-deva, installed by `make` and
.ci/run): it has Latin letters, the ₹ sign and Devanagari, so one font writes every line.
Without it, DejaVu Sans stands in (Devanagari then shows as boxes) so a PDF still comes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from domain.money import format_rupees

FONTS = (
    Path("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


def _font() -> Path:
    for path in FONTS:
        if path.exists():
            return path
    raise FileNotFoundError("no font for statements: install fonts-lohit-deva")


def _money(paise: int) -> str:
    return format_rupees(paise) if paise else ""


def render_statement(statement: Mapping[str, Any]) -> bytes:
    """`statement` as application/statements.py builds it."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"{statement['shop_name']} - {statement['name']}")
    pdf.add_font("body", "", str(_font()))
    pdf.set_text_shaping(True)  # conjuncts and vowel signs placed as Devanagari needs
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("body", size=16)
    pdf.cell(0, 9, str(statement["shop_name"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=11)
    pdf.cell(0, 7, f"Hisaab / Statement: {statement['name']}", new_x="LMARGIN", new_y="NEXT")
    if statement.get("phone"):
        pdf.cell(0, 6, f"Phone: {statement['phone']}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Date: {statement['generated_on']}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("body", size=9)
    heading = FontFace(emphasis=None, fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=(22, 88, 26, 26, 28),
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=6,
    ) as table:
        table.row(["Date", "Entry", "Debit", "Credit", "Balance"])
        for entry in statement["entries"]:
            table.row(
                [
                    str(entry["date"]),
                    str(entry["what"]),
                    _money(int(entry["debit"])),
                    _money(int(entry["credit"])),
                    format_rupees(int(entry["balance"])),
                ]
            )
        totals = statement["totals"]
        table.row(
            [
                "",
                "Total",
                format_rupees(int(totals["debit"])),
                format_rupees(int(totals["credit"])),
                format_rupees(int(statement["balance"])),
            ]
        )
    pdf.ln(4)
    pdf.set_font("body", size=12)
    pdf.cell(0, 8, f"Baaki / Balance due: {format_rupees(int(statement['balance']))}")
    return bytes(pdf.output())
