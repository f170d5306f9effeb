// The commands of the table in cli.cpp. Private to src/cli.
#pragma once

#include "common.hpp"

namespace policygraph::cli {

int run_validate(Context& ctx);

}  // namespace policygraph::cli
