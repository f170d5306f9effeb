#include <policygraph/load/json_text.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <type_traits>
#include <fstream>
#include <vector>

#include <policygraph/core/messages.hpp>

namespace policygraph {

using nlohmann::json;

TextPosition position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition p;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = offset - line_start + 1;
  return p;
}

namespace {

/// "[json.exception.parse_error.101] parse error at line 1, column 3: syntax
/// error while parsing value - invalid string: ill-formed UTF-8 byte; last
/// read: '..'" -> "syntax error while parsing value - invalid string:
/// ill-formed UTF-8 byte". The `last read` part can hold raw bytes.
std::string tidy_message(std::string m) {
  if (auto p = m.find("] "); p != std::string::npos && m.rfind("[json.exception", 0) == 0) {
    m.erase(0, p + 2);
  }
  if (m.rfind("parse error", 0) == 0) {
    if (auto p = m.find(": "); p != std::string::npos) m.erase(0, p + 2);
  }
  if (auto p = m.find("; last read:"); p != std::string::npos) {
    const auto rest = m.find("; expected", p);
    m = m.substr(0, p) + (rest == std::string::npos ? "" : m.substr(rest));
  }
  return printable(m, 200);
}

/// Builds the document like nlohmann's DOM parser, with three differences:
/// a parse error records where it happened instead of throwing (the
/// number-overflow error otherwise loses its position); a key given twice in
/// one object is an error at its JSON pointer; and the memory the document
/// takes is counted as it grows, so that a file whose parsed form would take
/// more than kJsonMemoryFactor times its size is refused where it passes the
/// limit, instead of exhausting memory.
///
/// Given a PlainDependencies, it keeps the plain elements of /dependencies
/// there. Such an element is held back while it is read; at the first sign
/// that it is not plain, what was held back is put in the document as it
/// would have been, and reading goes on the usual way.
class ModelSax {
 public:
  ModelSax(json& root, std::size_t budget, const std::string& file, Diagnostics& diagnostics,
           PlainDependencies* plain)
      : root_(root), budget_(budget), file_(file), diagnostics_(diagnostics), plain_(plain) {}

  // The SAX interface of nlohmann::json::sax_parse.
  bool null() { return (!held_ || release()) && scalar(nullptr); }
  bool boolean(bool v) { return (!held_ || release()) && scalar(v); }
  bool number_integer(json::number_integer_t v) { return number(v); }
  bool number_unsigned(json::number_unsigned_t v) { return number(v); }
  bool number_float(json::number_float_t v, const std::string& /*text*/) { return number(v); }
  bool string(json::string_t& v) {
    if (held_) {
      if (hold_.next != kWeight) {
        hold_.text[hold_.next].assign(v);
        hold_.seen |= 1U << hold_.next;
        ++hold_.values;
        return true;
      }
      if (!release()) return false;
    }
    if (skipping()) return true;
    const bool in_array = !open_.empty() && open_.back().node->is_array();
    if (!charge(kStringBytes + heap_bytes(v.size()) + (in_array ? kValueBytes : 0))) return false;
    place(std::move(v));
    return true;
  }
  bool binary(json::binary_t& /*v*/) { return scalar(nullptr); }  // not in JSON text
  bool start_object(std::size_t /*elements*/) {
    if (held_ && !release()) return false;
    if (plain_element()) {
      held_ = true;
      hold_.seen = 0;
      hold_.keys = 0;
      hold_.values = 0;
      hold_.weight_type = json::value_t::null;
      return true;
    }
    return open(json::value_t::object, kObjectBytes);
  }
  bool start_array(std::size_t /*elements*/) {
    return (!held_ || release()) && open(json::value_t::array, kArrayBytes);
  }
  bool end_object() {
    if (held_) {
      constexpr unsigned kEnds = (1U << kFrom) | (1U << kTo);
      if ((hold_.seen & kEnds) == kEnds) return keep();
      if (!release()) return false;
    }
    return close();
  }
  bool end_array() { return close(); }
  bool key(json::string_t& k) {
    if (held_) {
      const auto* const known = std::find(kPlainKeys.begin(), kPlainKeys.end(), k);
      const auto which = static_cast<unsigned>(known - kPlainKeys.begin());
      if (known != kPlainKeys.end() && (hold_.seen & (1U << which)) == 0 &&
          hold_.keys == hold_.values) {
        hold_.order[hold_.keys++] = which;
        hold_.next = which;
        return true;
      }
      if (!release()) return false;
    }
    if (skip_depth_ > 0) return true;
    open_.back().key = k;
    if (!charge(kMemberBytes + heap_bytes(k.size()))) return false;
    auto& members = open_.back().node->get_ref<json::object_t&>();
    auto [it, inserted] = members.emplace(k, nullptr);
    if (!inserted) {
      // Keep the first value: the error stops the model from being read anyway.
      diagnostics_.error_at_pointer(file_, pointer(),
                                    // TRANSLATORS: {0} is a key of the model file, in quotes.
                                    trf("duplicate key {0}: an object may give each key once",
                                        {in_quotes(k)}));
      skip_next_ = true;
      return true;
    }
    slot_ = &it->second;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    failed = true;
    // A number that overflows is reported after it was read: point at its start.
    constexpr int kNumberOverflow = 406;
    error_position = ex.id == kNumberOverflow && position > last_token.size()
                         ? position - last_token.size() + 1
                         : position;
    message = ex.what();
    return false;
  }

  bool failed = false;        ///< a syntax error, reported by the caller
  bool over_budget = false;   ///< reported here, at its pointer
  std::size_t error_position = 0;
  std::string message;

 private:
  // What each part takes with libstdc++ and glibc's malloc (x86-64): the
  // 16-byte json value, plus its heap part with the allocator's overhead.
  static constexpr std::size_t kValueBytes = 32;    ///< an array element, counting growth
  static constexpr std::size_t kStringBytes = 48;   ///< std::string on the heap
  static constexpr std::size_t kObjectBytes = 80;   ///< std::map on the heap, measured
  static constexpr std::size_t kArrayBytes = 32;    ///< std::vector on the heap
  static constexpr std::size_t kMemberBytes = 96;   ///< a map node: key, value, links
  static std::size_t heap_bytes(std::size_t length) {
    return length < 16 ? 0 : length + 1 + 16;  // past the short-string buffer
  }

  struct Open {
    json* node;
    std::string key;  ///< the current member's key, for objects
  };

  // The keys of a plain dependency; the texts of the first four are kept.
  enum PlainKey : unsigned { kFrom, kTo, kKind, kNote, kWeight };
  static constexpr std::array<std::string_view, 5> kPlainKeys{"from", "to", "kind", "note",
                                                              "weight"};

  /// A dependency held back while it may be plain.
  struct Held {
    std::array<std::string, 4> text;
    // The weight, kept as its type, since a json here would be destroyed
    // and made again for each dependency.
    json::value_t weight_type = json::value_t::null;
    json::number_integer_t weight_integer = 0;
    json::number_unsigned_t weight_unsigned = 0;
    json::number_float_t weight_float = 0;
    [[nodiscard]] json weight() const {
      switch (weight_type) {
        case json::value_t::number_integer: return weight_integer;
        case json::value_t::number_unsigned: return weight_unsigned;
        case json::value_t::number_float: return weight_float;
        default: return nullptr;
      }
    }
    std::array<unsigned, 5> order{};  ///< its keys, as they came
    unsigned keys = 0;                ///< how many came
    unsigned values = 0;              ///< how many of them have their value
    unsigned seen = 0;                ///< a bit per key
    unsigned next = 0;                ///< the key whose value comes next
  };

  /// Whether the object about to start is an element of /dependencies.
  bool plain_element() const {
    return plain_ != nullptr && skip_depth_ == 0 && !skip_next_ && open_.size() == 2 &&
           open_[0].node->is_object() && open_[0].key == "dependencies" &&
           open_[1].node->is_array() &&
           open_[1].node->size() < std::numeric_limits<std::uint32_t>::max();
  }

  template <typename Number>
  bool number(Number v) {
    if (held_) {
      if (hold_.next == kWeight) {
        if constexpr (std::is_same_v<Number, json::number_integer_t>) {
          hold_.weight_type = json::value_t::number_integer;
          hold_.weight_integer = v;
        } else if constexpr (std::is_same_v<Number, json::number_unsigned_t>) {
          hold_.weight_type = json::value_t::number_unsigned;
          hold_.weight_unsigned = v;
        } else {
          hold_.weight_type = json::value_t::number_float;
          hold_.weight_float = v;
        }
        hold_.seen |= 1U << kWeight;
        ++hold_.values;
        return true;
      }
      if (!release()) return false;
    }
    return scalar(v);
  }

  /// Keeps the held dependency in `plain_`, with a null in its place.
  bool keep() {
    held_ = false;
    const auto index = static_cast<std::uint32_t>(open_.back().node->size());
    std::optional<std::string_view> kind;
    if ((hold_.seen & (1U << kKind)) != 0) kind = hold_.text[kKind];
    const std::size_t bytes =
        plain_->add(index, hold_.text[kFrom], hold_.text[kTo], kind, hold_.weight());
    if (!charge(bytes + kValueBytes)) return false;
    place(json());
    return true;
  }

  /// Puts the held dependency in the document as it came, and goes on the usual way.
  bool release() {
    held_ = false;
    if (!open(json::value_t::object, kObjectBytes)) return false;
    for (unsigned k = 0; k < hold_.keys; ++k) {
      const unsigned which = hold_.order[k];
      json::string_t name(kPlainKeys[which]);
      if (!key(name)) return false;
      if (k >= hold_.values) break;  // its value is what made this one not plain
      if (which == kWeight) {
        if (!scalar(hold_.weight())) return false;
      } else {
        json::string_t value = std::move(hold_.text[which]);
        if (!string(value)) return false;
      }
    }
    return true;
  }

  bool skipping() {
    if (skip_depth_ > 0) return true;
    if (skip_next_) {
      skip_next_ = false;
      return true;
    }
    return false;
  }

  /// Counts `bytes` more; past the budget reports where, and stops.
  bool charge(std::size_t bytes) {
    used_ += bytes;
    if (used_ <= budget_) return true;
    over_budget = true;
    diagnostics_.error_at_pointer(
        file_, pointer(!open_.empty() && open_.back().node->is_array()),
        // TRANSLATORS: {0} is a number of mebibytes (MiB), {1} how many times
        // the size of the file that is.
        trf("the model would take more than {0} MiB of memory here, {1} times the size of the "
            "file: it holds too many small values for its size (put long lists of functions, "
            "dependencies or assignments in CSV files)",
            {std::to_string(budget_ >> 20), std::to_string(kJsonMemoryFactor)}));
    return false;
  }

  /// Puts a value where the next one goes: the root, the end of the open
  /// array, or the member whose key was just read.
  json* place(json&& value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *open_.back().node;
    if (parent.is_array()) {
      auto& items = parent.get_ref<json::array_t&>();
      items.push_back(std::move(value));
      return &items.back();
    }
    *slot_ = std::move(value);
    return slot_;
  }

  template <typename T>
  bool scalar(T&& v) {
    if (skipping()) return true;
    if (!open_.empty() && open_.back().node->is_array() && !charge(kValueBytes)) return false;
    place(json(std::forward<T>(v)));
    return true;
  }

  bool open(json::value_t type, std::size_t bytes) {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (skip_next_) {
      skip_next_ = false;
      skip_depth_ = 1;
      return true;
    }
    const bool in_array = !open_.empty() && open_.back().node->is_array();
    if (!charge(bytes + (in_array ? kValueBytes : 0))) return false;
    open_.push_back({place(json(type)), {}});
    return true;
  }

  bool close() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    open_.pop_back();
    return true;
  }

  /// The JSON pointer of the value being read: in an array, the element
  /// last placed, except in the innermost one when `next` (the element about
  /// to be placed).
  std::string pointer(bool next = false) const {
    std::string p;
    for (std::size_t i = 0; i < open_.size(); ++i) {
      const Open& o = open_[i];
      p += '/';
      if (o.node->is_array()) {
        const bool coming = next && i + 1 == open_.size();
        p += std::to_string(coming || o.node->empty() ? o.node->size() : o.node->size() - 1);
      } else {
        p += pointer_token(o.key);
      }
    }
    return p;
  }

  json& root_;
  std::vector<Open> open_;
  json* slot_ = nullptr;
  std::size_t used_ = 0;
  std::size_t budget_;
  std::size_t skip_depth_ = 0;
  bool skip_next_ = false;
  const std::string& file_;
  Diagnostics& diagnostics_;
  PlainDependencies* plain_;
  bool held_ = false;  ///< an element of /dependencies is held back in `hold_`
  Held hold_;
};

}  // namespace

std::size_t PlainDependencies::add(std::uint32_t index, std::string_view from, std::string_view to,
                                   const std::optional<std::string_view>& kind, json weight) {
  const std::uint64_t start = texts_.size();
  texts_.append(from).append(to);
  if (kind) texts_.append(*kind);
  records_.push_back({index, static_cast<std::uint32_t>(from.size()),
                      static_cast<std::uint32_t>(to.size()),
                      kind ? static_cast<std::uint32_t>(kind->size()) : kNoKind, start,
                      std::move(weight)});
  return sizeof(Record) + (texts_.size() - start);
}

std::optional<json> parse_json(std::string_view text, const std::string& file,
                               Diagnostics& diagnostics) {
  return parse_json(text, file, diagnostics, nullptr);
}

std::optional<json> parse_json(std::string_view text, const std::string& file,
                               Diagnostics& diagnostics, PlainDependencies* plain) {
  // The parser takes a NUL byte for the end of the text, so that anything
  // after one would pass unread: parse up to the first, and report it
  // unless a syntax error comes before.
  const std::size_t nul = text.find('\0');
  const std::string_view whole = text;
  const auto report_nul = [&] {
    const TextPosition p = position_of(whole, nul);
    diagnostics.error_at_line(file, p.line, p.column,
                              tr("a NUL byte (U+0000), which JSON text may not contain"));
    return std::nullopt;
  };
  if (nul != std::string_view::npos) text = text.substr(0, nul);
  json root;
  const std::size_t budget = kJsonMemoryFactor * text.size() + kJsonMemoryAllowance;
  ModelSax sax(root, budget, file, diagnostics, plain);
  const std::size_t errors_before = diagnostics.error_count();
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true);
  } catch (const std::exception& e) {
    // Not expected (errors come through parse_error), but never crash.
    diagnostics.error_at_line(file, 1, 1, tidy_message(e.what()));
    return std::nullopt;
  }
  if (sax.over_budget) return std::nullopt;
  if (!ok || sax.failed) {
    // `position` counts the bytes read, the offending one included.
    std::size_t offset = sax.error_position > 0 ? sax.error_position - 1 : 0;
    if (nul != std::string_view::npos && offset >= nul) return report_nul();
    // The lexer notices a bad UTF-8 sequence or a lone surrogate escape one
    // byte late; point at where it starts.
    if (sax.message.find("UTF-8") != std::string::npos) {
      offset = std::min(offset, invalid_utf8_offset(text));
    } else if (sax.message.find("surrogate") != std::string::npos) {
      if (auto escape = text.rfind("\\u", offset); escape != std::string_view::npos) {
        offset = escape;
      }
    }
    const TextPosition p = position_of(text, offset);
    diagnostics.error_at_line(file, p.line, p.column,
                              sax.message.empty() ? tr("invalid JSON") : tidy_message(sax.message));
    return std::nullopt;
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;  // duplicate keys
  if (nul != std::string_view::npos) return report_nul();
  return root;
}

}  // namespace policygraph
