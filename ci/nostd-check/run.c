/* Runs the no_std static library's checks on the host (ci/nostd-check.sh):
 * each exported function must return 1. The library links no std and no
 * allocator; this C program is only the caller. */
#include <stdint.h>
#include <stdio.h>

int32_t ptlc_nostd_seed(uint64_t seed);
int32_t ptlc_nostd_check(uint64_t seed);
int32_t ptlc_nostd_blob_check(uint64_t seed);
int32_t ptlc_nostd_musig_check(uint64_t seed);
int32_t ptlc_nostd_mailbox_check(uint64_t seed);

int main(void) {
    int failed = 0;
    if (ptlc_nostd_seed(42) != 1) { puts("seed: FAILED"); failed = 1; }
    for (uint64_t s = 1; s <= 8; s++) {
        if (ptlc_nostd_check(s) != 1) { printf("route %lu: FAILED\n", (unsigned long)s); failed = 1; }
        if (ptlc_nostd_blob_check(s) != 1) { printf("blob %lu: FAILED\n", (unsigned long)s); failed = 1; }
        if (ptlc_nostd_musig_check(s) != 1) { printf("musig %lu: FAILED\n", (unsigned long)s); failed = 1; }
        if (ptlc_nostd_mailbox_check(s) != 1) { printf("mailbox %lu: FAILED\n", (unsigned long)s); failed = 1; }
    }
    puts(failed ? "nostd-check: FAILED" : "nostd-check: ok: route, blob, MuSig2 and mailbox route ran without std or a heap (8 seeds each)");
    return failed;
}
