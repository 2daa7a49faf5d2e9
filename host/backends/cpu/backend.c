/* backend.c (cpu): the CPU backend: its passes (one file each, all over the
 * chunk engine of host/core/engine.c) and the CPU's name for records. */
#include <stdio.h>
#include <string.h>
#include "backends/cpu/passes.h"

/* The CPU's model name, from /proc/cpuinfo where there is one. */
const char *tt_cpu_name(void)
{
    static char name[128];
    if (!name[0]) {
        snprintf(name, sizeof name, "cpu");
        FILE *fp = fopen("/proc/cpuinfo", "r");
        char line[256];
        while (fp && fgets(line, sizeof line, fp))
            if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
                char *v = strchr(line, ':') + 1;
                while (*v == ' ') ++v;
                v[strcspn(v, "\n")] = '\0';
                snprintf(name, sizeof name, "%s", v);
                break;
            }
        if (fp)
            fclose(fp);
    }
    return name;
}

const tt_backend tt_backend_cpu = {
    "cpu", tt_cpu_name, 1, NULL, NULL, tt_cpu_tilt, tt_cpu_exceed, tt_cpu_tournament, tt_cpu_importance, tt_cpu_sample_set,
    tt_cpu_conditional,
};
