#ifndef HEADROOM_NUMBER_FORMAT_H
#define HEADROOM_NUMBER_FORMAT_H

#include <stddef.h>

/// Writes `value` with C's "%.9g" into `buffer` (at most `size` bytes, NUL included);
/// returns the length written, as snprintf does. A plain C call: Swift's variadic
/// bridging (withVaList) costs more than the formatting itself.
int headroom_format_g9(char *buffer, size_t size, double value);

#endif
