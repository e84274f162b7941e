// How the bundle reader's parts (layout, inflation, names, checksums) refuse a bundle: one
// invalid-input Error per refusal, naming the entry it concerns.
#pragma once

#include <string>
#include <string_view>

#include "remotemedia/status.h"

namespace remotemedia::pkg {

// `name` with control bytes shown as \xNN, so a hostile name cannot break a message or a line.
std::string printable(std::string_view name);

// An invalid-input Error with `code`: "entry 'NAME': WHAT" and an "entry" detail holding the
// printable name, or just WHAT when `entry` is empty (the bundle as a whole).
Error refuse(const char* code, std::string_view entry, const std::string& what);

}  // namespace remotemedia::pkg
