# Turns a text file into a C++ source defining `std::string_view NAME()`, so
# the binary carries its reference data and needs no source tree at run time.
# Run as: cmake -DIN=file -DOUT=file.cc -DNAME=fn -DNS=namespace -P embed.cmake
file(READ "${IN}" content HEX)
string(LENGTH "${content}" hex_len)
math(EXPR byte_len "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by cmake/embed.cmake; do not edit.\n#include <string_view>\nnamespace ${NS} {\nnamespace { const unsigned char kData[] = {\n${bytes}0};\n}\nstd::string_view ${NAME}() { return std::string_view(reinterpret_cast<const char*>(kData), ${byte_len}); }\n}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
