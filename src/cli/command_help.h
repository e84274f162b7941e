// The help of each command (`remotemedia help run`, `remotemedia run --help`): what it does, its
// arguments and flags, an example. docs/cli.md has the whole story.
#pragma once

#include <string>
#include <vector>

namespace remotemedia {

// The help text of `command`, or nullptr when there is no such command.
const char* command_help(const std::string& command);

// True when `args` (a command's arguments) ask for its help: --help or -h.
bool asks_for_help(const std::vector<std::string>& args);

}  // namespace remotemedia
