"""The gazetteer's index cache: a damaged cache is rebuilt, a good one loads the same index and skeleton tables,
and old caches do not pile up."""

from __future__ import annotations

import os

from services.extractor.engine import gazetteer as gz
from services.extractor.engine.textnorm import strict_key


def test_damaged_cache_is_rebuilt_and_the_cached_index_and_skeleton_tables_equal_the_built_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = gz.cache_file()
    assert path.is_relative_to(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    built = gz.load_gazetteer()  # falls back to building, then replaces the damaged file
    cached = gz.load_gazetteer()
    assert path.stat().st_size > 1_000_000
    assert len(cached.ids) == len(built.ids) > 100_000
    key = strict_key("Maaret al-Numan")
    assert cached.places(strict_key("Idlib")) == built.places(strict_key("Idlib"))
    assert cached.loose_places(key, "SY") == built.loose_places(key, "SY") != ()
    assert cached.admin1_by_code[("SY", "07")] == built.admin1_by_code[("SY", "07")]
    # Every country's spelling-skeleton table is built with the index and cached with it, not on first use
    # (which stalled a worker 0.1-0.8 s per newly seen country).
    assert len(cached.loose_by_country) > 200
    syria = cached.loose_places(strict_key("Maarat al Nouman"), "SY")
    # the town first, then the district named after it ("Ma'arrat an Nu'man District", a place of no population)
    assert [cached.names[i] for i in syria][:1] == ["Ma‘arrat an Nu‘mān"]
    assert all(cached.pop[i] == 0 for i in syria[1:])
    assert cached.loose_places(strict_key("Maarat al Nouman"), "FR") == ()
    assert cached.loose_places(strict_key("Hma"), "SY") == ()  # skeletons under 4 letters are not kept


def test_only_the_newest_index_pickles_are_kept(tmp_path):
    for age, name in enumerate(["a", "b", "c", "d", "e"]):
        built = tmp_path / f"gazetteer-{name}.pickle"
        built.write_bytes(b"x")
        os.utime(built, (1_000_000 - age, 1_000_000 - age))
    (tmp_path / "other.txt").write_text("kept")
    gz.prune_cache(tmp_path, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gazetteer-a.pickle", "gazetteer-b.pickle", "gazetteer-c.pickle", "other.txt"]
