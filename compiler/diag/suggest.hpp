// "Did you mean": the closest candidate to a misspelt name, when it is close enough.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bareme::diag {

std::optional<std::string> closest(const std::string& wrong, const std::vector<std::string>& candidates);

}  // namespace bareme::diag
