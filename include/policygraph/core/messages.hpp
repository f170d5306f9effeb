// Interface text in the reader's language: GNU gettext catalogues (.mo,
// compiled by msgfmt from po/*.po) and the calls that look messages up.
//
// English is the source language: a message that has no translation, or a
// process that chose no catalogue, prints the English text as written.
// Messages are looked up in one process-wide catalogue, chosen once with
// use_messages() before any thread starts (the command line does it from
// --lang); lookups only read it.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace policygraph {

/// The messages of one language, read from a GNU gettext .mo file.
class Messages {
 public:
  /// Parses the bytes of a .mo file (either byte order). Nothing, with the
  /// reason in `*error`, when they are not one: a bad magic number, a table
  /// or string outside the file, or a Plural-Forms header this reader does
  /// not evaluate (it knows `nplurals=1; plural=0;`, the Korean, Japanese
  /// and Chinese rule, and `nplurals=2; plural=(n != 1);`, the English one).
  [[nodiscard]] static std::optional<Messages> parse(std::string_view mo, std::string* error);

  /// The translation of `msgid`, or nothing when the catalogue has none.
  [[nodiscard]] const std::string* find(std::string_view msgid) const;
  /// The form of a plural message for the count `n`, or nothing.
  [[nodiscard]] const std::string* find_plural(std::string_view singular, std::string_view plural,
                                               std::size_t n) const;
  [[nodiscard]] std::size_t size() const { return singular_.size() + plural_.size(); }

 private:
  std::unordered_map<std::string, std::string> singular_;
  std::unordered_map<std::string, std::vector<std::string>> plural_;  ///< key: singular \0 plural
  std::size_t plural_forms_ = 2;
};

/// Makes `messages` the catalogue of the process, for language `tag` (an
/// IETF tag such as "ko"); nothing returns to English. Call it before any
/// thread that looks messages up starts.
void use_messages(std::optional<Messages> messages, std::string tag);

/// The tag given to use_messages(), "" for English.
[[nodiscard]] const std::string& message_language();
/// Whether a catalogue is in use (the interface is not in English).
[[nodiscard]] bool messages_loaded();

/// The file of the catalogue for `tag` under `dir`, in gettext's layout:
/// DIR/TAG/LC_MESSAGES/policygraph.mo. For "ko-KR" or "ko_KR" the files of
/// "ko_KR" and then "ko" are tried; the first that exists is returned.
[[nodiscard]] std::optional<std::string> find_catalogue(const std::string& dir, std::string_view tag);

/// Marks a string for the catalogue without translating it, for tables of
/// messages that are translated where they are printed (xgettext's keyword).
[[nodiscard]] constexpr const char* N_(const char* msgid) { return msgid; }

/// `msgid` in the language of the process.
[[nodiscard]] std::string tr(std::string_view msgid);

/// `msgid` translated, with `{0}`, `{1}`, ... replaced by `args`. A Korean
/// particle after the number, as in `{0|은}`, is written in the form that
/// fits how the argument ends (은/는, 이/가, 을/를, 과/와, 으로/로, 이나/나,
/// 이라는/라는, 이다/다): see korean_particle(). `{{` and `}}` are braces.
[[nodiscard]] std::string trf(std::string_view msgid, std::initializer_list<std::string_view> args);

/// A count and its noun, translated: `singular` and `plural` hold `{0}`
/// for the number, e.g. trn("{0} function", "{0} functions", n).
[[nodiscard]] std::string trn(std::string_view singular, std::string_view plural, std::size_t n);

/// The form of a Korean particle (given in either form, e.g. "은" or "는")
/// that follows `word`: the form for a final consonant when the word's last
/// sound has one (a Hangul syllable with a final jamo; a digit read in
/// Sino-Korean, 0 1 3 6 7 8; a Latin letter whose Korean name ends in one,
/// L M N R), else the other. 으로/로 takes 로 after ㄹ too. Closing
/// brackets, quotes and spaces at the end of `word` are passed over. A
/// particle not in the list is returned as it is.
[[nodiscard]] std::string korean_particle(std::string_view word, std::string_view particle);

/// Replaces `{0}`, `{1}`, ... in `pattern` (already translated) by `args`,
/// as trf() does.
[[nodiscard]] std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace policygraph
