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
    sql "INSERT INTO counterparties (code, name, sector, country, group_code) VALUES
        ('BANKA', 'Bank A', 'bank', 'GB', NULL),
        ('BANKB', 'Bank B', 'bank', 'GB', NULL),
        ('LOWB', 'Low Bank', 'bank', 'GB', NULL),
        ('NORATE', 'Unrated Bank', 'bank', 'GB', NULL),
        ('WATCHB', 'Watched Bank', 'bank', 'GB', NULL),
        ('PARENTB', 'Parent Bank', 'bank', 'GB', NULL),
        ('SUBB', 'Sub Bank', 'bank', 'GB', 'PARENTB'),
        ('USB', 'US Bank', 'bank', 'US', NULL),
        ('USGOV', 'US Treasury', 'central_government', 'US', NULL),
        ('FRB', 'French Bank', 'bank', 'FR', NULL),
        ('FRGOV', 'French Republic', 'central_government', 'FR', NULL),
        ('COUNCIL1', 'Council One', 'local_authority', 'GB', NULL),
        ('COUNCIL2', 'Council Two', 'local_authority', 'GB', NULL),
        ('DMO', 'Debt Management Office', 'central_government', 'GB', NULL),
        ('MMF1', 'Money Fund One', 'mmf', 'IE', NULL)" >/dev/null
    rating() { # code agency rating date [watch]
        sql "INSERT INTO ratings (counterparty_id, agency, term, rating, watch, effective_date)
             SELECT id, '$2', 'long', '$3', ${5:-NULL}, '$4' FROM counterparties WHERE code = '$1'" >/dev/null
    }
    rating BANKA fitch AA- 2017-01-01
    rating BANKA moodys Aa3 2017-01-01
    rating BANKB fitch A 2017-01-01
    rating LOWB fitch BBB 2017-01-01
    rating WATCHB fitch AA- 2017-01-01 "'negative'"
    rating PARENTB fitch AA- 2017-01-01
    rating SUBB fitch A+ 2017-01-01
    rating USB sp AA- 2017-01-01
    rating USGOV sp AA+ 2017-01-01
    rating FRB fitch AA- 2017-01-01
    rating FRGOV fitch AA- 2017-01-01
    sql "INSERT INTO strategies (authority_id, effective_from, document)
         SELECT id, '2017-04-01', '$STRATEGY_JSON'::jsonb FROM authorities WHERE code = 'WSX'" >/dev/null
}
