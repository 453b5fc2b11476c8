"""`wirewatch extract FILE|-`: the engine offline, JSON by default, a clear message for what is not an article."""

from __future__ import annotations

import io
import json

from services.cli import main


def test_extract_prints_events_as_json(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text("Clashes in Kunduz\nOn 2 May 2020, Taliban militants clashed with Afghan soldiers in Kunduz, "
                    "killing 4 soldiers and 7 militants.\n", encoding="utf-8")
    assert main(["extract", str(path), "--published-at", "2020-05-03"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert [(e["sub_event_type"], e["location"]["admin1"], e["fatalities"]) for e in events] == [
        ("Armed clash", "Kunduz", 11)]


def test_extract_of_empty_input_says_why_without_a_traceback(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["extract", "-"]) == 2
    assert "not an article (empty)" in capsys.readouterr().out
