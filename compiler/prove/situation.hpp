// A solver model written as the situation JSON `bareme eval --input` reads (private to prove/).
#pragma once

#include "interp/interp.hpp"
#include "prove/encoder.hpp"

namespace bareme::prove {

// Fills `verdict.situation` and `verdict.values` from `model`, every input the encoding read.
void write_situation(const Encoder& enc, const z3::model& model, Verdict& verdict);

}  // namespace bareme::prove

namespace bareme::prove {

// The members of the situation (name, JSON value), every input the encoding read and the
// situation gives; `shown` receives each input's value as the solver sees it.
std::vector<std::pair<std::string, std::string>> situation_members(const Encoder& enc,
                                                                   const z3::model& model,
                                                                   std::vector<Shown>& shown);
std::string situation_json(const std::vector<std::pair<std::string, std::string>>& members);

// The inputs `app` gives, fixed: each read input's variable equals its value (and is given).
z3::expr pinned(const Encoder& enc, const interp::Application& app);

}  // namespace bareme::prove
