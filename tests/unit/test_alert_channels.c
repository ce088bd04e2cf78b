/* test_alert_channels.c: the alert channel configuration (validation, kinds and events, retry
 * settings), the backoff schedule, and the notification texts (e-mail headers, body figures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "alert/channels.h"
#include "alert/message.h"

static int parse(const char *text, struct alert_config *cfg, char *err)
{
    return alert_config_parse(text, "WSX.json", cfg, err, 512);
}

static void test_valid_config(void **state)
{
    (void)state;
    struct alert_config cfg;
    char err[512] = "";
    int rc = parse("{\"channels\": ["
                   "{\"type\": \"log\"},"
                   "{\"name\": \"hook\", \"type\": \"webhook\", \"url\": \"https://h.example/x\","
                   " \"kinds\": [\"counterparty.*\", \"indicator.breach\"], \"retry\": {\"max_attempts\": 5}},"
                   "{\"name\": \"mail\", \"type\": \"email\", \"url\": \"smtp://m:25\", \"from\": \"a@b\","
                   " \"to\": [\"c@d\"], \"events\": [\"raised\"]}],"
                   " \"retry\": {\"backoff_seconds\": 10, \"max_backoff_seconds\": 600}}",
                   &cfg, err);
    assert_int_equal(rc, 0);
    assert_int_equal(cfg.n, 3);
    assert_string_equal(cfg.channels[0].name, "log"); /* the name defaults to the type */
    assert_string_equal(cfg.channels[0].target, "-");
    assert_string_equal(cfg.channels[1].target, "https://h.example/x");
    assert_int_equal(cfg.channels[1].type, CHANNEL_WEBHOOK);
    /* the file's retry settings, overridden per channel */
    assert_int_equal(cfg.channels[0].backoff_seconds, 10);
    assert_int_equal(cfg.channels[0].max_backoff_seconds, 600);
    assert_int_equal(cfg.channels[0].max_attempts, 12);
    assert_int_equal(cfg.channels[1].max_attempts, 5);
    /* kinds are glob patterns; events default to both */
    assert_true(alert_channel_wants(&cfg.channels[1], "counterparty.over_limit", "raised"));
    assert_true(alert_channel_wants(&cfg.channels[1], "indicator.breach", "resolved"));
    assert_false(alert_channel_wants(&cfg.channels[1], "indicator.warning", "raised"));
    assert_false(alert_channel_wants(&cfg.channels[1], "feed.failed", "raised"));
    assert_true(alert_channel_wants(&cfg.channels[0], "feed.failed", "resolved"));
    assert_true(alert_channel_wants(&cfg.channels[2], "feed.failed", "raised"));
    assert_false(alert_channel_wants(&cfg.channels[2], "feed.failed", "resolved"));
    alert_config_free(&cfg);
}

static void expect_bad(const char *text, const char *fragment)
{
    struct alert_config cfg;
    char err[512] = "";
    assert_int_equal(parse(text, &cfg, err), -1);
    if (!strstr(err, fragment))
        fail_msg("error \"%s\" does not mention \"%s\"", err, fragment);
    assert_int_equal(cfg.n, 0);
}

static void test_invalid_configs(void **state)
{
    (void)state;
    expect_bad("not json", "not a JSON object");
    expect_bad("{}", "\"channels\" must be a list");
    expect_bad("{\"channels\": [], \"chanels\": 1}", "unknown field \"chanels\"");
    expect_bad("{\"channels\": [{\"type\": \"sms\"}]}", "channels[0]: type \"sms\" is not");
    expect_bad("{\"channels\": [{\"type\": \"webhook\", \"url\": \"ftp://x\"}]}", "http:// or https://");
    expect_bad("{\"channels\": [{\"type\": \"log\"}, {\"type\": \"log\"}]}", "two channels are named \"log\"");
    expect_bad("{\"channels\": [{\"type\": \"email\", \"url\": \"smtp://m\", \"from\": \"a@b\"}]}",
               "\"to\" is required");
    expect_bad("{\"channels\": [{\"type\": \"email\", \"url\": \"smtp://m\", \"from\": \"a@b\", \"to\": []}]}",
               "non-empty list");
    expect_bad("{\"channels\": [{\"type\": \"email\", \"url\": \"http://m\", \"from\": \"a@b\", \"to\": [\"c\"]}]}",
               "smtp://");
    expect_bad("{\"channels\": [{\"type\": \"log\", \"events\": [\"acked\"]}]}", "event \"acked\"");
    expect_bad("{\"channels\": [{\"type\": \"log\", \"url\": \"x\"}]}", "unknown field \"url\"");
    expect_bad("{\"channels\": [], \"retry\": {\"max_attempts\": 0}}", "from 1 to 1000");
    expect_bad("{\"channels\": [], \"retry\": {\"backoff_seconds\": 1.5}}", "whole number");
    expect_bad("{\"channels\": [{\"type\": \"webhook\", \"url\": \"http://x\","
               " \"headers\": {\"X-A\": \"a\\r\\nInjected: b\"}}]}", "one-line string");
    expect_bad("{\"channels\": [{\"type\": \"log\", \"name\": \"a b\"}]}", "\"name\" must be");
}

static void test_backoff(void **state)
{
    (void)state;
    /* 30 s doubling per failed attempt, capped at one hour */
    assert_int_equal(alert_backoff_seconds(1, 30, 3600), 30);
    assert_int_equal(alert_backoff_seconds(2, 30, 3600), 60);
    assert_int_equal(alert_backoff_seconds(3, 30, 3600), 120);
    assert_int_equal(alert_backoff_seconds(7, 30, 3600), 1920);
    assert_int_equal(alert_backoff_seconds(8, 30, 3600), 3600);
    assert_int_equal(alert_backoff_seconds(1000, 30, 3600), 3600);
    assert_int_equal(alert_backoff_seconds(3, 30, 100), 100);
}

static cJSON *sample_alert(const char *subject)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddNumberToObject(a, "id", 12);
    cJSON_AddStringToObject(a, "kind", "counterparty.over_limit");
    cJSON_AddStringToObject(a, "subject", subject);
    cJSON_AddStringToObject(a, "state", "open");
    cJSON_AddStringToObject(a, "raised_at", "2018-03-31T09:00:00Z");
    cJSON_AddStringToObject(a, "authority", "WSX");
    cJSON_AddStringToObject(a, "authority_name", "Wessex County Council");
    cJSON_AddBoolToObject(a, "passive", 1);
    cJSON *d = cJSON_AddObjectToObject(a, "details");
    cJSON_AddStringToObject(d, "exposure", "30000000.00");
    cJSON_AddStringToObject(d, "limit", "25000000.00");
    cJSON_AddStringToObject(d, "rate", "6.3722");
    cJSON_AddNumberToObject(d, "days", 182);
    cJSON_AddObjectToObject(a, "deliveries");
    return a;
}

static void test_email(void **state)
{
    (void)state;
    cJSON *a = sample_alert("BARC");
    const char *to[] = {"treasury@wessex.example", "s151@wessex.example", NULL};
    /* 2018-03-31 09:00:00 UTC */
    char *m = alert_message_email(a, "raised", 34, "Prudent <p@wessex.example>", to, 1522486800,
                                  "host.example");
    assert_non_null(strstr(m, "Date: Sat, 31 Mar 2018 09:00:00 +0000\r\n"));
    assert_non_null(strstr(m, "From: Prudent <p@wessex.example>\r\n"));
    assert_non_null(strstr(m, "To: treasury@wessex.example,\r\n s151@wessex.example\r\n"));
    assert_non_null(strstr(m, "Message-ID: <alert-12.delivery-34.1522486800@host.example>\r\n"));
    assert_non_null(
        strstr(m, "Subject: [prudent] WSX: counterparty.over_limit BARC raised (passive breach)\r\n"));
    assert_non_null(strstr(m, "\r\n\r\nAn alert was raised for Wessex County Council (WSX).\r\n"));
    /* amounts shown in pounds, other figures as they are */
    assert_non_null(strstr(m, "  exposure                 £30,000,000.00\r\n"));
    assert_non_null(strstr(m, "  limit                    £25,000,000.00\r\n"));
    assert_non_null(strstr(m, "  rate                     6.3722\r\n"));
    assert_non_null(strstr(m, "  days                     182\r\n"));
    assert_non_null(strstr(m, "prudent alerts ack 12 --by NAME --authority WSX"));
    assert_null(strstr(m, "\n\n")); /* every line ends CRLF */
    free(m);
    cJSON_Delete(a);

    /* a non-ASCII subject is RFC 2047 encoded: "Société" */
    a = sample_alert("Soci\xc3\xa9t\xc3\xa9");
    m = alert_message_email(a, "resolved", 1, "p@x", to, 0, "h");
    assert_non_null(strstr(m, "Subject: =?UTF-8?B?W3BydWRlbnRdIFdTWDogY291bnRlcnBhcnR5Lm92ZXJfbGltaXQgU29jacOp?=\r\n"
                              " =?UTF-8?B?dMOpIHJlc29sdmVkIChwYXNzaXZlIGJyZWFjaCk=?=\r\n"));
    assert_non_null(strstr(m, "The condition has cleared"));
    free(m);
    cJSON_Delete(a);
}

static void test_payload(void **state)
{
    (void)state;
    cJSON *a = sample_alert("BARC");
    char *s = alert_message_json(a, "raised", 7, 1522486800);
    cJSON *doc = cJSON_Parse(s);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItem(doc, "event")->valuestring, "alert.raised");
    assert_int_equal(cJSON_GetObjectItem(doc, "delivery_id")->valueint, 7);
    assert_string_equal(cJSON_GetObjectItem(doc, "sent_at")->valuestring, "2018-03-31T09:00:00Z");
    cJSON *al = cJSON_GetObjectItem(doc, "alert");
    assert_string_equal(cJSON_GetObjectItem(al, "subject")->valuestring, "BARC");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(al, "details"), "exposure")->valuestring,
                        "30000000.00");
    assert_null(cJSON_GetObjectItem(al, "deliveries"));
    assert_null(strchr(s, '\n')); /* one line, for the log channel */
    cJSON_Delete(doc);
    free(s);
    cJSON_Delete(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_config), cmocka_unit_test(test_invalid_configs),
        cmocka_unit_test(test_backoff),      cmocka_unit_test(test_email),
        cmocka_unit_test(test_payload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
