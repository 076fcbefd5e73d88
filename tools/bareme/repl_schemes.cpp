// The REPL's current scheme among those the loaded files hold: `--scheme NAME`, `:scheme`,
// and what keeps the choice across `:load` and `:reload`.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "diag/clip.hpp"
#include "diag/suggest.hpp"
#include "repl_session.hpp"
#include "scheme_choice.hpp"

namespace bareme::tools {
namespace {

// How many schemes `:scheme` lists before it says how many more there are.
constexpr size_t kListedSchemes = 50;
// The names' column is at most this wide; a longer name pushes its title along.
constexpr size_t kNameColumn = 24;

size_t code_points(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::optional<ir::Index> ReplSession::scheme(const ir::Program& p) const {
  if (p.schemes.empty()) return std::nullopt;
  if (!scheme_name_.empty()) {
    if (auto chosen = find_scheme(p, scheme_name_)) return chosen;
  }
  return static_cast<ir::Index>(p.schemes.size() - 1);
}

bool ReplSession::choose_scheme(const std::string& name) {
  const ir::Program* p = program();
  if (!p || !find_scheme(*p, name)) return false;
  const std::string previous = std::exchange(scheme_name_, name);
  // Session definitions that read `amount` or `eligible` now read the new scheme's.
  std::string report;
  auto c = compile("", report);
  if (!c->ok()) {
    scheme_name_ = previous;
    return false;
  }
  base_ = std::move(c);
  return true;
}

std::string ReplSession::scheme_notice() const {
  const ir::Program* p = program();
  if (!p || p->schemes.size() < 2) return "";
  const auto& current = p->schemes[*scheme(*p)];
  const bool chosen = !scheme_name_.empty() && current.name == scheme_name_;
  return fmt::format(
      "{} schemes are loaded; the current one is {}{} (`:scheme` lists them, `:scheme NAME` "
      "changes it)\n",
      p->schemes.size(), current.name, chosen ? "" : ", the last");
}

std::string ReplSession::keep_scheme() {
  const ir::Program* p = program();
  if (scheme_name_.empty() || !p || find_scheme(*p, scheme_name_)) return "";
  const std::string gone = std::exchange(scheme_name_, "");
  if (p->schemes.empty()) return fmt::format("scheme {} is gone, and no scheme is left\n", gone);
  return fmt::format("scheme {} is gone: the current scheme is now {}, the last\n", gone,
                     p->schemes.back().name);
}

std::string ReplSession::schemes_command(const std::string& name) {
  const ir::Program* p = program();
  if (!p || p->schemes.empty()) return "no scheme is loaded\n";
  if (name.empty()) return list_schemes();
  const std::string stays = p->schemes[*scheme(*p)].name;
  if (find_scheme(*p, name)) {
    // Choosing compiles the files again (`p` is then stale), from the texts last read.
    if (!choose_scheme(name)) {
      return fmt::format(
          "the files no longer compile (:reload shows why); the current scheme stays {}\n", stays);
    }
    const ir::Program& now = *program();
    const auto& s = now.schemes[*scheme(now)];
    return fmt::format("current scheme: {}{}\n", s.name,
                       s.title.empty() ? "" : fmt::format(" \"{}\"", s.title));
  }
  std::string message = fmt::format("no such scheme `{}`", diag::clip(name));
  if (auto best = diag::closest(name, scheme_names(*p)))
    message += fmt::format("; did you mean `{}`?", *best);
  return message + fmt::format(" (the current one stays {}; `:scheme` lists them)\n", stays);
}

std::string ReplSession::list_schemes() const {
  const ir::Program& p = *program();
  const ir::Index current = *scheme(p);
  size_t width = 0;
  for (size_t s = 0; s < p.schemes.size() && s < kListedSchemes; ++s) {
    width = std::max(width, std::min(kNameColumn, code_points(p.schemes[s].name)));
  }
  auto line = [&](ir::Index s) {
    const auto& scheme = p.schemes[s];
    const size_t pad = width > code_points(scheme.name) ? width - code_points(scheme.name) : 0;
    return fmt::format("  {} {}{}  {}\n", s == current ? '*' : ' ', scheme.name,
                       std::string(pad, ' '), scheme.title);
  };
  std::string out = p.schemes.size() == 1
                        ? std::string("1 scheme (* the current one):\n")
                        : fmt::format("{} schemes (* the current one):\n", p.schemes.size());
  for (ir::Index s = 0; s < p.schemes.size() && s < kListedSchemes; ++s) out += line(s);
  if (p.schemes.size() > kListedSchemes) {
    out += fmt::format("  … and {} more\n", p.schemes.size() - kListedSchemes);
    if (current >= kListedSchemes) out += line(current);
  }
  return out;
}

}  // namespace bareme::tools
