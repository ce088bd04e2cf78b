# tests/e2e/lending_fixture.sh: a small lending universe for the lending tests (sourced after
# lib.sh): authority WSX with the strategy of interfaces.md, and counterparties covering each
# rule, with their ratings.
STRATEGY_JSON='{
  "effective_from": "2017-04-01",
  "rating_basis": "lowest",
  "criteria": [
    {"min_long": "AA-", "limit": "25000000", "max_days": 395},
    {"min_long": "A",   "limit": "15000000", "max_days": 182}
  ],
  "sectors": {
    "local_authority":    {"limit": "20000000", "max_days": 1825, "needs_rating": false},
    "central_government": {"limit": null,       "max_days": 18250, "needs_rating": false},
    "mmf":                {"limit": "25000000", "max_days": 0,    "needs_rating": false}
  },
  "non_uk_min_sovereign": "AA",
  "watch_negative": "overnight_only"
}'

lending_fixture() {
    p authority add WSX --name "Wessex County Council"
    cat >"$T/cps.csv" <<'CSV'
code,name,sector,country,group
BANKA,Bank A,bank,GB,
BANKB,Bank B,bank,GB,
LOWB,Low Bank,bank,GB,
NORATE,Unrated Bank,bank,GB,
WATCHB,Watched Bank,bank,GB,
PARENTB,Parent Bank,bank,GB,
SUBB,Sub Bank,bank,GB,PARENTB
USB,US Bank,bank,US,
USGOV,US Treasury,central_government,US,
FRB,French Bank,bank,FR,
FRGOV,French Republic,central_government,FR,
COUNCIL1,Council One,local_authority,GB,
COUNCIL2,Council Two,local_authority,GB,
DMO,Debt Management Office,central_government,GB,
MMF1,Money Fund One,mmf,IE,
CSV
    p import counterparties "$T/cps.csv"
    expect_rc 0 "fixture: counterparties import"
    cat >"$T/ratings.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
BANKA,fitch,long,AA-,stable,,2017-01-01
BANKA,moodys,long,Aa3,stable,,2017-01-01
BANKB,fitch,long,A,stable,,2017-01-01
LOWB,fitch,long,BBB,negative,,2017-01-01
WATCHB,fitch,long,AA-,,negative,2017-01-01
PARENTB,fitch,long,AA-,,,2017-01-01
SUBB,fitch,long,A+,,,2017-01-01
USB,sp,long,AA-,,,2017-01-01
USGOV,sp,long,AA+,,,2017-01-01
FRB,fitch,long,AA-,,,2017-01-01
FRGOV,fitch,long,AA-,,,2017-01-01
CSV
    p import ratings "$T/ratings.csv"
    expect_rc 0 "fixture: ratings import"
    printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
    p import strategy "$T/strategy.json" --authority WSX
    expect_rc 0 "fixture: strategy import"
}
