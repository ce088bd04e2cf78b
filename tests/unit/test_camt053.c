/* test_camt053.c: the camt.053 statement reader (ingest/camt053.h) on small documents written
 * here: balances with their sign and dates (Dt or DtTm), entries' signs, references and
 * descriptions in their order of preference, and the refusals with their line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ingest/camt053.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

#define BAL(code, amt, ind, dt)                                                                                    \
    "<Bal><Tp><CdOrPrtry><Cd>" code "</Cd></CdOrPrtry></Tp><Amt Ccy=\"GBP\">" amt "</Amt><CdtDbtInd>" ind           \
    "</CdtDbtInd><Dt>" dt "</Dt></Bal>\n"
#define BODY(body)                                                                                                 \
    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n"                                          \
    "<BkToCstmrStmt><Stmt><Id>S1</Id><Acct><Id><Othr><Id>12345678</Id></Othr></Id></Acct>\n" body                   \
    "</Stmt></BkToCstmrStmt></Document>\n"
#define DOC(body) "<?xml version=\"1.0\"?>\n" BODY(body)

static int parse(const char *xml, struct camt_statement *s, char *why, int *line)
{
    return camt053_parse(xml, strlen(xml), s, why, 256, line);
}

static void test_reads(void **state)
{
    (void)state;
    const char *xml = DOC(BAL("OPBD", "10.50", "DBIT", "<Dt>2026-06-01</Dt>")
                          BAL("ITBD", "1.00", "CRDT", "<Dt>2026-06-01</Dt>")
                          BAL("CLBD", "89.50", "CRDT", "<DtTm>2026-06-02T17:00:00</DtTm>")
                          "<Ntry><NtryRef>N1</NtryRef><Amt Ccy=\"GBP\">100</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                          "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-06-01</Dt></BookgDt><ValDt><Dt>2026-06-03</Dt></ValDt>"
                          "<AcctSvcrRef>BANKREF</AcctSvcrRef><AddtlNtryInf>extra</AddtlNtryInf>"
                          "<NtryDtls><TxDtls><Refs><EndToEndId>E2E</EndToEndId></Refs><RmtInf><Ustrd>rates</Ustrd>"
                          "</RmtInf></TxDtls></NtryDtls></Ntry>\n"
                          "<Ntry><Amt Ccy=\"GBP\">0.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
                          "<BookgDt><DtTm>2026-06-02T09:00:00</DtTm></BookgDt>"
                          "<NtryDtls><TxDtls><Refs><EndToEndId>E2E-2</EndToEndId></Refs></TxDtls></NtryDtls>"
                          "<AddtlNtryInf>fee</AddtlNtryInf></Ntry>\n");
    struct camt_statement s;
    char why[256];
    int line;
    assert_int_equal(parse(xml, &s, why, &line), 0);
    assert_string_equal(s.id, "S1");
    assert_string_equal(s.account, "12345678");
    assert_true(s.has_opening && s.has_closing);
    assert_int_equal(s.opening, -1050);
    assert_int_equal(s.opening_date, d("2026-06-01"));
    assert_int_equal(s.closing, 8950);
    assert_int_equal(s.closing_date, d("2026-06-02"));
    assert_int_equal(s.n, 2);
    assert_int_equal(s.e[0].amount, 10000);
    assert_int_equal(s.e[0].value, d("2026-06-03"));
    assert_string_equal(s.e[0].reference, "BANKREF");
    assert_string_equal(s.e[0].description, "rates");
    assert_int_equal(s.e[0].line, 7);
    assert_int_equal(s.e[1].booking, d("2026-06-02"));
    assert_int_equal(s.e[1].value, DATE_NONE);
    assert_string_equal(s.e[1].reference, "E2E-2");
    assert_string_equal(s.e[1].description, "fee");
    camt053_free(&s);
}

static void refused(const char *xml, const char *want, int want_line)
{
    struct camt_statement s;
    char why[256];
    int line;
    assert_int_equal(parse(xml, &s, why, &line), -1);
    if (!strstr(why, want))
        fail_msg("\"%s\" does not say \"%s\"", why, want);
    if (want_line >= 0)
        assert_int_equal(line, want_line);
    assert_null(s.e);
}

static void test_refusals(void **state)
{
    (void)state;
    refused("<Document><BkToCstmrStmt><Stmt>\n<Bal>", "not well-formed XML", -1);
    refused("<?xml version=\"1.0\"?>\n<Document><Other/></Document>", "not a camt.053 statement", 2);
    refused(DOC(BAL("OPBD", "1.00", "CRDT", "<Dt>2026-06-01</Dt>")), "no closing booked balance", -1);
    refused(DOC(BAL("OPBD", "1,000.00", "CRDT", "<Dt>2026-06-01</Dt>")), "Amt \"1,000.00\" is not an amount", 4);
    refused(DOC(BAL("OPBD", "1.00", "CR", "<Dt>2026-06-01</Dt>")), "CdtDbtInd \"CR\"", 4);
    refused(DOC(BAL("OPBD", "1.00", "CRDT", "<Dt>01/06/2026</Dt>")), "is not a date", 4);
    refused(DOC(BAL("OPBD", "1.00", "CRDT", "<Dt>2026-06-01</Dt>") BAL("CLBD", "1.00", "CRDT", "<Dt>2026-06-01</Dt>")
                    "<Ntry><Amt>1</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts></Ntry>\n"),
            "Sts \"PDNG\"", 6);
    refused(DOC(BAL("OPBD", "1.00", "CRDT", "<Dt>2026-06-01</Dt>") BAL("CLBD", "1.00", "CRDT", "<Dt>2026-06-01</Dt>")
                    "<Ntry><Amt>1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n"),
            "Ntry has no BookgDt", 6);
    refused("<Document><BkToCstmrStmt><Stmt/><Stmt/></BkToCstmrStmt></Document>", "2 statements", -1);
    /* an external entity is not fetched nor substituted: the amount stays unreadable */
    refused("<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n" BODY(
                BAL("OPBD", "&x;", "CRDT", "<Dt>2026-06-01</Dt>")),
            "is not an amount", -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_reads), cmocka_unit_test(test_refusals)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
