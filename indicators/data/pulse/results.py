"""The pulse's results: per district from K_MIN answers up, and as the dashboard's observations
(indicator ``citizen_pulse_<question>``, quality ``citizen_pulse``) for the ingest to publish."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.data.pulse.answers import answer_counts
from indicators.data.pulse.questions import PulseError, Question, load_questions

K_MIN = 5                      # fewer answers than this are never shown (k-anonymity)
SOURCE_ID = "citizen_pulse"
QUALITY = "citizen_pulse"


def district_results(counts: pd.DataFrame, question: Question, *, by_year: bool = False,
                     k: int = K_MIN) -> pd.DataFrame:
    """Per district (and year): answers, positive answers, their share in percent and the mean
    answer. Rows under `k` answers keep `n` but have `shown` False and no figures."""
    keys = ["district_code", "year"] if by_year else ["district_code"]
    if counts.empty:
        return pd.DataFrame(columns=[*keys, "n", "positive", "share_positive", "mean", "shown"])
    frame = counts.assign(positive=counts["answer"].isin(question.positive) * counts["n"],
                          total=counts["answer"] * counts["n"])
    grouped = frame.groupby(keys, as_index=False)[["n", "positive", "total"]].sum()
    grouped["shown"] = grouped["n"] >= k
    grouped["share_positive"] = (100.0 * grouped["positive"] / grouped["n"]).where(
        grouped["shown"])
    grouped["mean"] = (grouped["total"] / grouped["n"]).where(grouped["shown"])
    grouped["positive"] = grouped["positive"].where(grouped["shown"])
    return grouped[[*keys, "n", "positive", "share_positive", "mean", "shown"]]


def district_result(path: Path | str, question: Question, district_code: str,
                    k: int = K_MIN) -> dict[str, float | int | bool | None]:
    """One district's result over all days: n, and (when n >= k) share_positive and mean."""
    results = district_results(answer_counts(path, question.id), question, k=k)
    row = results[results["district_code"] == district_code]
    if row.empty:
        return {"n": 0, "shown": False, "share_positive": None, "mean": None}
    first = row.iloc[0]
    return {"n": int(first["n"]), "shown": bool(first["shown"]),
            "share_positive": None if not first["shown"] else float(first["share_positive"]),
            "mean": None if not first["shown"] else float(first["mean"])}


def pulse_observations(pulse_db: Path | str, question: Question | str,
                       k: int = K_MIN) -> pd.DataFrame:
    """The answers of `question` as observations of ``citizen_pulse_<id>``: per district and
    calendar year, value = share of positive answers in percent, numerator = positive answers,
    denominator = all answers, quality and source ``citizen_pulse``. Cells under `k` answers are
    marked suppressed with no value, numerator or denominator."""
    if isinstance(question, str):
        matches = [q for q in load_questions() if q.id == question]
        if not matches:
            raise PulseError(f"unknown question {question!r}")
        question = matches[0]
    results = district_results(answer_counts(pulse_db, question.id), question, by_year=True,
                               k=k)
    shown = results["shown"].astype(bool) if len(results) else pd.Series(dtype=bool)
    frame = pd.DataFrame({
        "indicator_id": question.indicator_id,
        "area_id": "district:" + results["district_code"].astype(str),
        "year": results["year"].astype("int64"),
        "sex": "total",
        "value": results["share_positive"].astype("float64"),
        "numerator": results["positive"].astype("float64"),
        "denominator": results["n"].astype("float64").where(shown),
        "quality": QUALITY,
        "source_id": SOURCE_ID,
        "suppressed": ~shown,
    })
    return frame.reset_index(drop=True)

