"""The catalogue read back from a published database equals the one loaded from the YAML files
it was published from (pages, kiosk and downloads read the database: one source of truth)."""

from __future__ import annotations

from indicators.data.catalogue import load_catalogue


def test_published_catalogue_round_trips(fixture_store):
    published = fixture_store.catalogue()
    declared = load_catalogue(demo=True)
    assert published.indicators == declared.indicators
    assert published.themes == declared.themes
    assert {s.id for s in published.sources} == {s.id for s in declared.sources}
    # The fixture measures its population goal from 2015 (its own series starts there).
    assert {t.id for t in published.targets} == {t.id for t in declared.targets}
    assert published.target("climate_neutral_2040") == declared.target("climate_neutral_2040")
