#include "number_format.h"
#include <stdio.h>

int headroom_format_g9(char *buffer, size_t size, double value) {
    return snprintf(buffer, size, "%.9g", value);
}
