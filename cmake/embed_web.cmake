# Builds the workbench page served by `policygraph serve`: web/index.html
# with web/app.css and web/app.js put in place of its /*@APP_CSS@*/ and
# /*@APP_JS@*/ markers, written as the bytes of a C++ array (a string
# literal of that size is beyond what compilers must accept).
#
#   cmake -DWEB_DIR=web -DOUTPUT=page.cpp -P embed_web.cmake
file(READ "${WEB_DIR}/index.html" page)
file(READ "${WEB_DIR}/app.css" css)
file(READ "${WEB_DIR}/app.js" js)
foreach(marker "/*@APP_CSS@*/" "/*@APP_JS@*/")
  string(FIND "${page}" "${marker}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${WEB_DIR}/index.html has no ${marker} marker")
  endif()
endforeach()
string(REPLACE "/*@APP_CSS@*/" "${css}" page "${page}")
string(REPLACE "/*@APP_JS@*/" "${js}" page "${page}")
file(WRITE "${OUTPUT}.page" "${page}")
file(READ "${OUTPUT}.page" hex HEX)
file(REMOVE "${OUTPUT}.page")
string(LENGTH "${hex}" digits)
math(EXPR size "${digits} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp" "// Generated from web/ by cmake/embed_web.cmake: do not edit.
#include \"page.hpp\"

namespace policygraph::serve {
namespace {
const unsigned char kPage[${size}] = {
${bytes}};
}  // namespace

std::string_view workbench_page() {
  return {reinterpret_cast<const char*>(kPage), sizeof kPage};
}

}  // namespace policygraph::serve
")
# Replaced only when different, so that an unchanged page compiles nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
