// The workbench page: web/index.html with its style and script inlined,
// embedded at build time (cmake/embed_web.cmake).
#pragma once

#include <string_view>

namespace policygraph::serve {

/// The page's bytes (UTF-8 HTML).
[[nodiscard]] std::string_view workbench_page();

}  // namespace policygraph::serve
