// What the CLI's subcommands share: reporting a failure the way every command does (error JSON on
// stdout, one line on stderr, the category's exit code) and small argument helpers.
#pragma once

#include <string>

#include "remotemedia/status.h"

namespace remotemedia {

// Writes the error report; returns its exit code.
int command_failure(const Error& error);
// A `usage_error` (exit 2) with `message`.
int command_usage_error(const std::string& message);
// Text for stdout (a document, help, a listing): written whole and checked. Returns
// kExitSuccess, or kExitRunFailure after a line on stderr when it could not all be written.
int print_text(std::string text);
bool ends_with(const std::string& text, const std::string& suffix);

}  // namespace remotemedia
