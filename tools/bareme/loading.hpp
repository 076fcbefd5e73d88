// Shared by the commands that evaluate: compile one scheme file and read an application.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/compile.hpp"
#include "inputs/application.hpp"
#include "terminal.hpp"

namespace bareme::tools {

// A compiled project (a root file and its imports), or nothing after printing why (diagnostics
// on stderr).
std::unique_ptr<driver::Compilation> load_project(const std::string& path,
                                                  const std::vector<std::string>& library_paths,
                                                  const char* command);

// A compiled scheme ready to evaluate, or nothing after printing why (diagnostics on stderr).
struct LoadedScheme {
  std::unique_ptr<driver::Compilation> compilation;
  ir::Index scheme = 0;
};
// The project `path` compiled, every scheme of it (`--all`), or nothing after printing why.
std::unique_ptr<driver::Compilation> load_project(const std::string& path,
                                                  const std::vector<std::string>& library_paths,
                                                  const char* command);
// `scheme` names the aid to evaluate among those the file and its imports declare (`--scheme`);
// empty means the file's own scheme.
std::optional<LoadedScheme> load_scheme(const std::string& path, const std::vector<std::string>& library_paths,
                                        const char* command, const std::string& scheme = "");

// Where an application comes from on the command line.
struct ApplicationSource {
  std::string input_path;                // "" for none, "-" for stdin
  std::vector<std::string> assignments;  // name=value
  std::string as_of;                     // "" for the scheme's own date
};
// Reads the application; on bad input prints the errors (stderr, and JSON on stdout) and
// returns nothing. A member or `--set` naming no input is ignored after one warning on stderr,
// or with `strict` is bad input.
std::optional<interp::Application> read_application(const ir::Program& program, const ApplicationSource& source,
                                                    bool require_all, const char* command, bool strict = false);

// `"a" (did you mean "b"?), "c"`: at most ten of `names` (made by inputs::unknown_name), then
// how many more.
std::string list_names(const std::vector<std::string>& names);

// Reads a whole file or stdin ("-"), refusing more than `limit` bytes.
std::optional<std::string> read_text(const std::string& path, size_t limit, std::string& error);

}  // namespace bareme::tools
