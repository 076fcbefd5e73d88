#!/usr/bin/env python3
"""Evaluates the brief's Flexitanie scheme from Python: one application, its explanation's
refusals, then a small DataFrame scored on every core.
Usage: flexitanie.py [SCHEME]  (default: tests/check/flexitanie_brief.bareme of the repository;
the package `bareme` on PYTHONPATH or installed by scripts/install-python)."""

import pathlib
import sys

import pandas as pd

import bareme

root = pathlib.Path(__file__).resolve().parents[2]
path = sys.argv[1] if len(sys.argv) > 1 else root / "tests" / "check" / "flexitanie_brief.bareme"
scheme = bareme.load(path)

company = {"beneficiary": "company", "site_region": "occitanie", "v2g_stations": 2, "v1g_stations": 1,
           "filed_on": "2022-03-01", "works_start": "2022-04-15"}
result = scheme.evaluate(company)
print(f"{scheme.name}: eligible {result.eligible}, amount {result.amount} €")

refused = scheme.evaluate(dict(company, site_region="bretagne"))
for failed in refused.failed:
    print(f"refused by {failed['condition']}: {failed['message']}")

applications = pd.DataFrame({
    "beneficiary": ["company", "individual", "association", "local_authority"],
    "site_region": ["occitanie", "occitanie", "bretagne", "occitanie"],
    "v2g_stations": [2, 1, 3, 0],
    "v1g_stations": [1, 0, 0, 4],
    "filed_on": pd.to_datetime(["2022-03-01", "2022-03-01", "2022-05-01", "2023-01-10"]),
    "works_start": pd.to_datetime(["2022-04-15", "2022-06-01", "2022-06-01", "2023-02-01"]),
})
scores = scheme.score(applications)
print(scores[["eligible", "amount", "first_failed"]].to_string())
print(f"total granted: {scores['amount_cents'].sum() / 100:.2f} €")
