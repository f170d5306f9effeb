#include <policygraph/core/messages.hpp>

#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <cstring>

#include <policygraph/core/text.hpp>

namespace policygraph {

namespace {

/// The .mo layout (GNU gettext manual, "The Format of GNU MO Files"): a
/// header of 32-bit words, then two tables of (length, offset) pairs, one of
/// original strings and one of translations, each string NUL-terminated.
constexpr std::uint32_t kMagic = 0x950412de;
constexpr std::uint32_t kMagicSwapped = 0xde120495;

struct Reader {
  std::string_view bytes;
  bool swapped = false;

  [[nodiscard]] std::optional<std::uint32_t> word(std::size_t at) const {
    if (at > bytes.size() || bytes.size() - at < 4) return std::nullopt;
    std::uint32_t v = 0;
    std::memcpy(&v, bytes.data() + at, 4);
    if (swapped) v = __builtin_bswap32(v);
    return v;
  }

  /// The string of table entry `i` of the table at `table`.
  [[nodiscard]] std::optional<std::string_view> entry(std::uint32_t table, std::uint32_t i) const {
    const auto length = word(std::size_t{table} + 8 * std::size_t{i});
    const auto offset = word(std::size_t{table} + 8 * std::size_t{i} + 4);
    if (!length || !offset) return std::nullopt;
    if (*offset > bytes.size() || bytes.size() - *offset <= *length) return std::nullopt;
    return bytes.substr(*offset, *length);
  }
};

std::vector<std::string> split_nul(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto nul = s.find('\0', start);
    out.emplace_back(s.substr(start, nul == std::string_view::npos ? std::string_view::npos
                                                                   : nul - start));
    if (nul == std::string_view::npos) return out;
    start = nul + 1;
  }
}

/// The number of plural forms the header declares, 0 when its rule is not
/// one this reader evaluates (see Messages::parse).
std::size_t plural_forms(std::string_view header) {
  const auto at = header.find("Plural-Forms:");
  if (at == std::string_view::npos) return 2;
  std::string rule;
  for (std::size_t i = at + 13; i < header.size() && header[i] != '\n'; ++i) {
    if (header[i] != ' ' && header[i] != '\t') rule += header[i];
  }
  if (rule == "nplurals=1;plural=0;" || rule == "nplurals=1;plural=0") return 1;
  if (rule == "nplurals=2;plural=(n!=1);" || rule == "nplurals=2;plural=n!=1;" ||
      rule == "nplurals=2;plural=(n!=1)" || rule == "nplurals=2;plural=n!=1") {
    return 2;
  }
  return 0;
}

struct Current {
  std::optional<Messages> messages;
  std::string tag;
};

Current& current() {
  static Current c;
  return c;
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

enum class Final { kNone, kConsonant, kRieul };

/// How `word` ends, for the particle after it.
Final final_sound(std::string_view word) {
  std::size_t end = word.size();
  // Pass over quotes, spaces and full stops, and over a closing bracket back
  // to its opening one: the particle follows the word before an aside, as
  // in 대전환(M.AX)은.
  while (end > 0) {
    const char c = word[end - 1];
    if (c == '%') return Final::kNone;  // 퍼센트
    if (c == ')' || c == ']') {
      const char open = c == ')' ? '(' : '[';
      const auto at = word.substr(0, end - 1).rfind(open);
      if (at == std::string_view::npos || at == 0) {
        --end;
        continue;
      }
      end = at;
      continue;
    }
    if (c != '"' && c != '\'' && c != ' ' && c != '.' && c != ',') break;
    --end;
  }
  if (end == 0) return Final::kNone;
  // Step back to the first byte of the last character.
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(word[start]) & 0xC0) == 0x80) --start;
  const char32_t c = code_point_at(word, start).code_point;
  if (c >= 0xAC00 && c <= 0xD7A3) {
    const auto jong = (c - 0xAC00) % 28;
    if (jong == 0) return Final::kNone;
    return jong == 8 ? Final::kRieul : Final::kConsonant;
  }
  if (c >= '0' && c <= '9') {
    // 영 일 이 삼 사 오 육 칠 팔 구
    constexpr std::array<Final, 10> digits{Final::kConsonant, Final::kRieul, Final::kNone,
                                           Final::kConsonant, Final::kNone,  Final::kNone,
                                           Final::kConsonant, Final::kRieul, Final::kRieul,
                                           Final::kNone};
    return digits[c - '0'];
  }
  const char32_t lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (lower == 'l' || lower == 'r') return Final::kRieul;  // 엘, 알
  if (lower == 'm' || lower == 'n') return Final::kConsonant;  // 엠, 엔
  return Final::kNone;
}

struct Particle {
  std::string_view after_consonant;
  std::string_view after_vowel;
};

constexpr std::array<Particle, 8> kParticles{{{"은", "는"},
                                              {"이", "가"},
                                              {"을", "를"},
                                              {"과", "와"},
                                              {"으로", "로"},
                                              {"이나", "나"},
                                              {"이라는", "라는"},
                                              {"이다", "다"}}};

}  // namespace

std::optional<Messages> Messages::parse(std::string_view mo, std::string* error) {
  const auto fail = [&](std::string why) -> std::optional<Messages> {
    if (error != nullptr) *error = std::move(why);
    return std::nullopt;
  };
  Reader r{mo};
  const auto magic = r.word(0);
  if (!magic || (*magic != kMagic && *magic != kMagicSwapped)) {
    return fail(tr("not a GNU gettext catalogue (bad magic number)"));
  }
  r.swapped = *magic == kMagicSwapped;
  const auto count = r.word(8);
  const auto originals = r.word(12);
  const auto translations = r.word(16);
  if (!count || !originals || !translations) return fail(tr("its header is cut short"));
  Messages m;
  for (std::uint32_t i = 0; i < *count; ++i) {
    const auto from = r.entry(*originals, i);
    const auto to = r.entry(*translations, i);
    if (!from || !to) {
      return fail(trf("message {0} lies outside the file", {std::to_string(i)}));
    }
    if (from->empty()) {
      m.plural_forms_ = plural_forms(*to);
      if (m.plural_forms_ == 0) {
        return fail(tr("its Plural-Forms rule is not one this tool evaluates"));
      }
      continue;
    }
    if (from->find('\0') != std::string_view::npos) {
      m.plural_[std::string(*from)] = split_nul(*to);
    } else {
      m.singular_[std::string(*from)] = std::string(*to);
    }
  }
  return m;
}

const std::string* Messages::find(std::string_view msgid) const {
  const auto it = singular_.find(std::string(msgid));
  return it == singular_.end() || it->second.empty() ? nullptr : &it->second;
}

const std::string* Messages::find_plural(std::string_view singular, std::string_view plural,
                                         std::size_t n) const {
  std::string key(singular);
  key += '\0';
  key += plural;
  const auto it = plural_.find(key);
  if (it == plural_.end()) return nullptr;
  const std::size_t form = plural_forms_ == 1 ? 0 : (n != 1 ? 1 : 0);
  if (form >= it->second.size() || it->second[form].empty()) return nullptr;
  return &it->second[form];
}

void use_messages(std::optional<Messages> messages, std::string tag) {
  current().messages = std::move(messages);
  current().tag = std::move(tag);
}

const std::string& message_language() { return current().tag; }

bool messages_loaded() { return current().messages.has_value(); }

std::optional<std::string> find_catalogue(const std::string& dir, std::string_view tag) {
  std::string full(tag);
  for (char& c : full) {
    if (c == '-') c = '_';
  }
  std::vector<std::string> tries{full};
  if (const auto cut = full.find('_'); cut != std::string::npos) tries.push_back(full.substr(0, cut));
  for (const std::string& t : tries) {
    if (t.empty() || t.find('/') != std::string::npos || t == "." || t == "..") continue;
    std::string path = dir;
    path += '/';
    path += t;
    path += "/LC_MESSAGES/policygraph.mo";
    if (is_regular_file(path)) return path;
  }
  return std::nullopt;
}

std::string tr(std::string_view msgid) {
  const auto& m = current().messages;
  if (m) {
    if (const std::string* t = m->find(msgid)) return *t;
  }
  return std::string(msgid);
}

std::string korean_particle(std::string_view word, std::string_view particle) {
  for (const Particle& p : kParticles) {
    if (particle != p.after_consonant && particle != p.after_vowel) continue;
    const Final f = final_sound(word);
    if (p.after_consonant == "으로") {
      return std::string(f == Final::kConsonant ? p.after_consonant : p.after_vowel);
    }
    return std::string(f == Final::kNone ? p.after_vowel : p.after_consonant);
  }
  return std::string(particle);
}

std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16 * args.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    const auto close = pattern.find('}', i);
    if (close == std::string_view::npos) {
      out += pattern.substr(i);
      break;
    }
    const std::string_view inside = pattern.substr(i + 1, close - i - 1);
    const auto bar = inside.find('|');
    const std::string_view number = inside.substr(0, bar);
    std::size_t k = 0;
    bool ok = !number.empty();
    for (const char d : number) {
      if (d < '0' || d > '9') ok = false;
      k = k * 10 + static_cast<std::size_t>(d - '0');
    }
    if (!ok || k >= args.size()) {  // not a placeholder: keep it as written
      out += pattern.substr(i, close - i + 1);
    } else {
      const std::string_view arg = *(args.begin() + k);
      out += arg;
      if (bar != std::string_view::npos) out += korean_particle(arg, inside.substr(bar + 1));
    }
    i = close;
  }
  return out;
}

std::string trf(std::string_view msgid, std::initializer_list<std::string_view> args) {
  return fill(tr(msgid), args);
}

std::string trn(std::string_view singular, std::string_view plural, std::size_t n) {
  const std::string number = std::to_string(n);
  const auto& m = current().messages;
  if (m) {
    if (const std::string* t = m->find_plural(singular, plural, n)) return fill(*t, {number});
  }
  return fill(n == 1 ? singular : plural, {number});
}

}  // namespace policygraph
