// Text in the pictures the tool draws itself (report/alluvial.hpp,
// report/dsm_writer.hpp): coordinates in tenths of a pixel, estimated text
// widths, cutting and wrapping labels, XML escaping. Private to src/report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace policygraph::svg {

/// Every coordinate is a whole number of tenths of a pixel, so that the
/// bytes depend on nothing but the data: no locale, no rounding of sums of
/// doubles.
using Tenths = std::int64_t;

/// `t` tenths as a number: "12.3", "-4", never a locale's decimal comma.
[[nodiscard]] std::string px(Tenths t);
/// Estimated width of `text` at `size` px: 0.6 em a column (a Hangul or CJK
/// character takes two), a little more in bold. Generous on purpose: a
/// label a little short of its room looks better than one cut off.
[[nodiscard]] Tenths text_width(std::string_view text, int size, bool bold = false);
/// `s` cut to about `columns` display columns, with "…" when cut.
[[nodiscard]] std::string cut(std::string_view s, std::size_t columns);
/// `s` broken at spaces into lines no wider than `width` at `size` px; a
/// word wider than that stands on a line of its own.
[[nodiscard]] std::vector<std::string> wrap(std::string_view s, Tenths width, int size, bool bold);
/// wrap(), in as many lines but as even as they come: the narrowest width
/// that needs no more lines than `width` does.
[[nodiscard]] std::vector<std::string> wrap_evenly(std::string_view s, Tenths width, int size,
                                                   bool bold);
/// Escaped for element text, and for an attribute value.
[[nodiscard]] std::string text(std::string_view s);
[[nodiscard]] std::string attr(std::string_view s);

}  // namespace policygraph::svg
