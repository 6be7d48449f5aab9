"""Creators CSV validation: every row checked, errors with line numbers and fields."""

from reachroom.creators.csv_import import parse_creators_csv

GOOD = b"platform,handle,followers,country,name\ninstagram,@anna.bakes,12000,gb,Anna\ntiktok,joe_fit,5400,US,Joe\n"


def test_good_file_parses():
    parsed = parse_creators_csv(GOOD)
    assert parsed.errors == [] and parsed.total_rows == 2
    (line, row), _ = parsed.rows
    assert line == 2 and row["handle"] == "anna.bakes" and row["country"] == "GB" and row["followers"] == 12000


def test_every_bad_row_is_reported_with_line_and_field():
    data = (b"platform,handle,followers,country,is_verified,external_url\n"
            b"myspace,ok,10,GB,1,\n"
            b"instagram,bad handle!,-5,GBR,maybe,ftp://x\n"
            b"tiktok,fine,1e5,,,\n")
    parsed = parse_creators_csv(data)
    got = {(e.line, e.field) for e in parsed.errors}
    assert (2, "platform") in got
    assert {(3, "handle"), (3, "followers"), (3, "country"), (3, "is_verified"), (3, "external_url")} <= got
    assert (4, "followers") in got
    assert parsed.rows == []


def test_missing_required_column():
    parsed = parse_creators_csv(b"platform,handle\ninstagram,x\n")
    assert [(e.line, e.field) for e in parsed.errors] == [(1, "header")]
    assert "followers" in parsed.errors[0].message


def test_duplicate_rows_point_at_the_first():
    parsed = parse_creators_csv(b"platform,handle,followers\ninstagram,Anna,1\ninstagram,anna,2\n")
    assert [(e.line, e.field) for e in parsed.errors] == [(3, "handle")]
    assert "line 2" in parsed.errors[0].message


def test_not_utf8_empty_and_ragged():
    assert parse_creators_csv(b"\xff\xfe\x00").errors[0].field == "file"
    assert parse_creators_csv(b"").errors[0].field == "file"
    assert parse_creators_csv(b"platform,handle,followers\n").errors[0].message.startswith("has a header")
    ragged = parse_creators_csv(b"platform,handle,followers\ninstagram,a,1,extra\n")
    assert [(e.line, e.field) for e in ragged.errors] == [(2, "row")]


def test_unknown_columns_are_warnings_and_bom_is_ignored():
    parsed = parse_creators_csv("\ufeffplatform,handle,followers,shoe_size\nyoutube,chan,100,44\n".encode())
    assert parsed.errors == [] and parsed.warnings and "shoe_size" in parsed.warnings[0]
