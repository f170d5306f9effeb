// Numbers as text, exactly: what JSON output, notes and messages share.
#pragma once

#include <string>

namespace policygraph {

/// Shortest text that reads back as the same double ("0.1", "2", "1e-20");
/// "0" for both zeros.
[[nodiscard]] std::string exact_number(double value);

}  // namespace policygraph
