"""The report as a PDF a client can keep: the headline figures with where each came from, EMV with its table
version, and the creators' table (fpdf2: pure Python, no system libraries; docs/decisions.md)."""

from datetime import UTC, datetime

from fpdf import FPDF

from reachroom.measurement.schemas import ReportOut

MONEY = {"cost", "cost_per_post", "cpm", "cpv", "cpe", "cpc"}
# The built-in PDF fonts are Latin-1: typographic marks become their plain equivalents, anything else a "?".
PLAIN = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "×": "x", "÷": "/",
                       "≤": "<=", "≥": ">=", "…": "...", "·": "-", "−": "-", "Π": "prod", "ᵢ": "_i"})


def _text(value: object) -> str:
    return str(value).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def _value(key: str, value: float | None, currency: str) -> str:
    if value is None:
        return "-"
    if key in MONEY:
        return f"{value:,.2f} {currency}"
    if key.startswith("er_"):
        return f"{value:.2%}"
    return f"{value:,.0f}"


def _provenance(f) -> str:
    if f.key == "cost":
        return "committed spend"
    when = f" - to {f.collected_until:%d %b %Y}" if f.collected_until else ""
    return f"{f.posts_counted} of {f.posts_total} posts" + (f" - {', '.join(f.sources)}" if f.sources else "") + when


def render(r: ReportOut) -> bytes:
    """The report's PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, _text(f"{r.campaign} - report"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, _text(f"{r.brand} - made {datetime.now(UTC):%d %b %Y %H:%M} UTC from each counted post's latest "
                         "numbers"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _figures(pdf, r)
    warning = next((f.warning for f in r.figures if f.warning), None)
    if warning:  # views and impressions add up posts counted under different metric versions
        pdf.set_font("Helvetica", "B", 8)
        pdf.multi_cell(0, 4, _text(f"Mixed metric versions: {warning}."), new_x="LMARGIN", new_y="NEXT")
    if r.emv:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 11)
        table = "published defaults" if r.emv.table_version == 0 else f"version {r.emv.table_version}"
        pdf.cell(0, 7, _text(f"Earned media value: {r.emv.low:,.0f}-{r.emv.high:,.0f} {r.emv.currency} "
                             f"(unit values: {table})"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        pdf.multi_cell(0, 4, _text(r.emv.note), new_x="LMARGIN", new_y="NEXT")
    if r.unique_reach:
        u = r.unique_reach
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _text(f"Unique people reached (estimated): {u.estimate:,} (likely {u.low:,}-{u.high:,})"),
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        pdf.multi_cell(0, 4, _text(f"{u.definition}. {u.method}"), new_x="LMARGIN", new_y="NEXT")
    _sales_and_forecasts(pdf, r)
    if r.creators:
        pdf.ln(3)
        _creators(pdf, r)
    if any(g.cost is not None for g in [*r.creators, *r.formats]):
        pdf.ln(3)
        _costs(pdf, r)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 8)
    for f in r.figures:
        pdf.multi_cell(0, 4, _text(f"{f.label}: {f.definition}"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _figures(pdf: FPDF, r: ReportOut) -> None:
    pdf.set_font("Helvetica", "B", 10)
    for title, width in (("Figure", 70), ("Value", 40), ("Counted from", 80)):
        pdf.cell(width, 7, title, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for f in r.figures:
        pdf.cell(70, 6, _text(f.label))
        pdf.cell(40, 6, _text(_value(f.key, f.value, r.currency)))
        pdf.cell(80, 6, _text(_provenance(f)), new_x="LMARGIN", new_y="NEXT")


def _creators(pdf: FPDF, r: ReportOut) -> None:
    pdf.set_font("Helvetica", "B", 10)
    columns = (("Creator", 50), ("Posts", 13), ("Views", 25), ("Reach", 25), ("Impressions", 25), ("Cost", 30),
               ("Eng. rate", 22))
    for title, width in columns:
        pdf.cell(width, 7, title, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for g in r.creators:
        cells = (g.label, g.posts, _value("views", g.views, ""), _value("reach", g.reach, ""),
                 _value("impressions", g.impressions, ""),
                 "-" if g.cost is None else f"{g.cost:,.2f} {r.currency}",
                 _value("er_", g.engagement_rate, "") + (" of views" if g.engagement_rate_basis == "views" else ""))
        for (_, width), value in zip(columns, cells, strict=True):
            pdf.cell(width, 6, _text(value))
        pdf.ln()


def _costs(pdf: FPDF, r: ReportOut) -> None:
    """Costs per result of each creator and each format (a format's cost: each creator's cost shared equally by
    their counted posts)."""
    pdf.set_font("Helvetica", "B", 10)
    columns = (("Costs: creator / format", 50), ("Per post", 28), ("CPM", 28), ("Per view", 28),
               ("Per engagement", 28), ("Per click", 28))
    for title, width in columns:
        pdf.cell(width, 7, title, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    rows = [(g.label, g) for g in r.creators] + [(f"Format: {g.label}", g) for g in r.formats]
    for label, g in rows:
        if g.cost is None:
            continue
        cpv = "-" if g.cpv is None else f"{g.cpv:,.4f} {r.currency}"
        cells = (label, _value("cost_per_post", g.cost_per_post, r.currency), _value("cpm", g.cpm, r.currency), cpv,
                 _value("cpe", g.cpe, r.currency), _value("cpc", g.cpc, r.currency))
        for (_, width), value in zip(columns, cells, strict=True):
            pdf.cell(width, 6, _text(value))
        pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(0, 4, _text("A format's cost: each creator's cost shared equally by their counted posts, added up "
                               "over the format's posts."), new_x="LMARGIN", new_y="NEXT")


def _sales_and_forecasts(pdf: FPDF, r: ReportOut) -> None:
    """A line each for the attributed sales (with the floor) and how often the forecasts' intervals held."""
    lines = []
    if r.sales:
        s = r.sales
        roas = f", ROAS {s.roas:.2f}x" if s.roas is not None else ""
        lines.append((f"Sales: {s.orders:,} orders, revenue {s.revenue:,.2f} {s.currency}, {s.new_customers:,} new "
                      f"customers{roas}", s.note))
    c = r.forecast_coverage
    if c and c.judged:
        lines.append((f"Forecast vs actual: inside the {c.level:.0%} interval for {c.within} of {c.judged} numbers",
                      "Forecasts frozen when the terms were accepted, from each creator's earlier posts."))
    for head, note in lines:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _text(head), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        pdf.multi_cell(0, 4, _text(note), new_x="LMARGIN", new_y="NEXT")
