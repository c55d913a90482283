#pragma once

#include "bytespike/GatewayConfig.h"

namespace bytespike {

// Routes Qt logging to stderr with a timestamp and the category, dropping messages below
// level. Secrets never reach the log: the gateway never formats a key or token into a message.
void installLogHandler(LogLevel level);

} // namespace bytespike
