// `bareme fmt PATH...`: lays out .bareme files in the canonical layout, in place or to check them.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "commands.hpp"
#include "diag/render.hpp"
#include "driver/imports.hpp"
#include "format/format.hpp"
#include "terminal.hpp"

namespace bareme::tools {
namespace {

namespace fs = std::filesystem;

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
  bool to_stdout = false;
  std::string compare;  // --compare OTHER: does the file say what OTHER says, layout aside?
  std::string color_name = "auto";
};

enum class Outcome { Unchanged, Changed, Failed };

// The .bareme files under `path` (or `path` itself), or an error message.
std::vector<std::string> files_of(const std::string& path, std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".bareme")
      found.push_back(it->path().string());
  if (ec) error = fmt::format("cannot read the folder `{}`: {}", path, ec.message());
  std::sort(found.begin(), found.end());
  return found;
}

// The first line where `a` and `b` differ, shown as a two-line diff.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream in_a(a), in_b(b);
  std::string line_a, line_b;
  for (size_t n = 1;; ++n) {
    const bool more_a = static_cast<bool>(std::getline(in_a, line_a));
    const bool more_b = static_cast<bool>(std::getline(in_b, line_b));
    if (!more_a && !more_b) return "  (line breaks or blanks at the end of the file)\n";
    if (!more_a || !more_b || line_a != line_b) {
      return fmt::format("  line {}:\n  - {}\n  + {}\n", n, more_a ? line_a : "(end of file)",
                         more_b ? line_b : "(end of file)");
    }
  }
}

// Writes `text` to `written` through a temporary file renamed over it (over a link's target: the
// link stays a link).
bool write_atomically(const std::string& written, const std::string& text, std::string& error) {
  std::error_code link_error;
  const fs::path target =
      fs::is_symlink(written, link_error) ? fs::canonical(written, link_error) : fs::path(written);
  const std::string path = link_error ? written : target.string();
  const std::string temporary = fmt::format("{}.fmt-{}.tmp", path, ::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      error = "cannot write beside it";
      std::remove(temporary.c_str());
      return false;
    }
  }
  std::error_code ec;
  // The file keeps its permissions.
  fs::permissions(temporary, fs::status(path, ec).permissions(), ec);
  fs::rename(temporary, path, ec);
  if (ec) {
    error = ec.message();
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

Outcome format_one(const FmtOptions& o, const std::string& path, bool color) {
  std::string text, error;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else if (auto read = driver::read_file(path, error)) {
    text = std::move(*read);
  } else {
    std::cerr << fmt::format("bareme fmt: cannot read `{}`: {}\n", path, error);
    return Outcome::Failed;
  }
  source::SourceManager sources;
  diag::Sink sink;
  const source::FileId file = sources.add(path == "-" ? "<stdin>" : path, text);
  std::optional<std::string> formatted;
  if (!o.compare.empty()) {
    auto other = driver::read_file(o.compare, error);
    if (!other) {
      std::cerr << fmt::format("bareme fmt: cannot read `{}`: {}\n", o.compare, error);
      return Outcome::Failed;
    }
    const source::FileId original = sources.add(o.compare, *other);
    if (format::same_meaning(sources, original, file, sink)) formatted = text;
  } else {
    formatted = format::format_file(sources, file, sink);
  }
  if (!formatted) {
    std::cerr << diag::render_text(sink.diagnostics(), sources, {color});
    return Outcome::Failed;
  }
  const bool changed = *formatted != text;
  if (o.to_stdout || path == "-") {
    if (!o.check) std::cout << *formatted;
  } else if (!o.check && changed && o.compare.empty()) {
    if (!write_atomically(path, *formatted, error)) {
      std::cerr << fmt::format("bareme fmt: cannot rewrite `{}`: {}\n", path, error);
      return Outcome::Failed;
    }
    std::cerr << fmt::format("formatted {}\n", path);
  }
  if (o.check && changed)
    std::cout << fmt::format("{} is not formatted\n{}", path, first_difference(text, *formatted));
  return changed ? Outcome::Changed : Outcome::Unchanged;
}

int run_fmt(const FmtOptions& o) {
  const bool color = use_color(o.color_name == "always"  ? ColorChoice::Always
                               : o.color_name == "never" ? ColorChoice::Never
                                                         : ColorChoice::Auto);
  bool failed = false, changed = false;
  for (const auto& path : o.paths) {
    std::string error;
    const auto files = path == "-" ? std::vector<std::string>{"-"} : files_of(path, error);
    if (!error.empty()) {
      std::cerr << "bareme fmt: " << error << "\n";
      failed = true;
    }
    for (const auto& file : files) {
      const Outcome outcome = format_one(o, file, color);
      failed = failed || outcome == Outcome::Failed;
      changed = changed || outcome == Outcome::Changed;
    }
  }
  if (failed) return 2;
  return o.check && changed ? 1 : 0;
}

}  // namespace

std::function<int()> add_fmt_command(CLI::App& app) {
  auto o = std::make_shared<FmtOptions>();
  auto* cmd = app.add_subcommand(
      "fmt",
      "Lay out .bareme files in the canonical layout (in place; `-` reads stdin, writes stdout)");
  cmd->add_option("paths", o->paths,
                  "Files or folders (their .bareme files, recursively); `-` for stdin")
      ->required();
  cmd->add_flag("--check", o->check,
                "Change nothing: list the files that are not formatted (exit 1), with their first "
                "differing line");
  cmd->add_flag("--stdout", o->to_stdout,
                "Write the formatted text to stdout instead of the files");
  cmd->add_option("--compare", o->compare,
                  "Check that each file says what this file says, layout aside (exit 2 if not)");
  cmd->add_option("--color", o->color_name, "Colors in diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  return [o] { return run_fmt(*o); };
}

}  // namespace bareme::tools
