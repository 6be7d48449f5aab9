"""CSV cells without float noise, safe from formulas, with absolute links; and the one date format."""

from datetime import date, datetime

import pytest

from reachroom.core.csv_export import absolute_url, number_cell, percent_cell, text_cell
from reachroom.core.dates import human_date


@pytest.mark.parametrize(("value", "cell"), [(0.0412, "4.12%"), (0.0331261120736599, "3.31%"), (0.0, "0.00%"),
                                             (None, ""), (float("nan"), "")])
def test_rates_are_percents_without_noise(value, cell):
    assert percent_cell(value) == cell


def test_numbers_are_whole_or_fixed():
    assert number_cell(6300.0) == "6300" and number_cell(256.1793518066406) == "256"
    assert number_cell(0.7579, 2) == "0.76" and number_cell(None) == ""


def test_text_never_runs_as_a_formula():
    assert text_cell("=HYPERLINK(x)") == "'=HYPERLINK(x)" and text_cell("-2 rate") == "'-2 rate"
    assert text_cell("Zoë") == "Zoë" and text_cell(None) == ""


def test_links_take_the_servers_address():
    assert absolute_url("https://rr.example.com/", "/creators/12?account=3") == \
        "https://rr.example.com/creators/12?account=3"
    assert absolute_url("", "/creators/12") == "/creators/12"
    assert absolute_url("http://a/", "https://b/x") == "https://b/x"


@pytest.mark.parametrize("value", [datetime(2026, 12, 4, 9, 30), date(2026, 12, 4), "2026-12-04T09:30:00",
                                   "2026-12-04T09:30:00+00:00", "2026-12-04"])
def test_one_date_format(value):
    assert human_date(value) == "4 Dec 2026"


def test_missing_dates():
    assert human_date(None) == "—" and human_date("") == "—"
