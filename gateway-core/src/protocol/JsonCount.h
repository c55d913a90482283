#pragma once

#include "InputRules.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace bytespike {

// A JSON number read as a count (tokens, a budget): truncated toward zero as a cast would, but
// defined for every double. A magnitude from 2^53 on (InputRules::kJsonIntegerLimit) is held there
// and NaN reads 0: casting a double outside qint64's range is undefined behaviour, and these numbers
// come from clients and upstreams. A sum of a few held counts cannot overflow either.
inline qint64 jsonCount(double value)
{
    if (std::isnan(value))
        return 0;
    return qint64(std::clamp(value, -InputRules::kJsonIntegerLimit, InputRules::kJsonIntegerLimit));
}

} // namespace bytespike
