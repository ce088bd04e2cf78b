/* fuzz_strategy.c: libFuzzer target for the strategy JSON parser (core/strategy_json.c). An accepted
 * strategy must survive its own canonical document: to_json then parse again gives no errors. */
#include <stdint.h>
#include <stdlib.h>

#include "core/strategy_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct strategy s;
    struct strategy_errors errs = {0};
    cJSON *doc = NULL;
    int n = strategy_parse_text((const char *)data, size, &s, &errs, &doc);
    if (n == 0) {
        cJSON *canon = strategy_to_json(&s);
        struct strategy again;
        struct strategy_errors errs2 = {0};
        if (!canon || strategy_parse(canon, &again, &errs2) != 0)
            abort(); /* the canonical form of an accepted strategy must be accepted */
        cJSON_Delete(canon);
    }
    cJSON_Delete(doc);
    return 0;
}
