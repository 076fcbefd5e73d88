// What the command line needs from its environment: colour choice and the files named.
#pragma once

#include <string>
#include <vector>

namespace bareme::tools {

enum class ColorChoice { Auto, Always, Never };

// Colour on standard error: `auto` means a terminal and no NO_COLOR variable.
bool use_color(ColorChoice choice);

// Files named on the command line, with each folder replaced by its `.bareme` files (sorted).
std::vector<std::string> expand_paths(const std::vector<std::string>& paths);

}  // namespace bareme::tools
