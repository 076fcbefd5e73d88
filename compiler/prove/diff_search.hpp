// The search behind a diff question (private to prove/): any application meeting the goal, or
// with --maximise the one with the largest change, by strengthening the goal step by step.
#pragma once

#include <z3++.h>

#include <optional>
#include <string>
#include <vector>

#include "prove/prove.hpp"

namespace bareme::prove {

struct Found {
  Kind kind = Kind::Unknown;
  std::optional<z3::model> model;
  bool largest = false;  // maximise: proved that no application changes more
  bool timeout = false;
  std::string detail;  // Unknown: the solver's reason
};

struct Search {
  z3::context& ctx;
  z3::expr change;  // cents: how much the application gains (or loses) from one version to the next
  unsigned timeout_ms;
  bool maximise;
  std::vector<z3::expr> background;
  std::vector<z3::expr> modest;  // tried first, for a witness of ordinary values
  std::vector<z3::expr> hints;   // tried before: applications that answer a related question
  z3::expr goal = ctx.bool_val(true);
  Found run();
};

}  // namespace bareme::prove
