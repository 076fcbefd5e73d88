// `bareme repl [FILE...]`: the interactive loop, with libedit for line editing, history and
// completion; with standard input not a terminal, it runs a script and echoes each input.
#include <editline/readline.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <csetjmp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "diag/clip.hpp"
#include "diag/suggest.hpp"
#include "repl_session.hpp"
#include "scheme_choice.hpp"
#include "terminal.hpp"

namespace bareme::tools {
namespace {

struct ReplOptions {
  std::vector<std::string> files, library_paths;
  std::string scheme;  // the current scheme at start; "": the last one loaded
  interp::Options limits{.trace = false, .max_steps = interp::kDefaultMaxSteps, .time_limit_seconds = 60};
};

ReplSession* completing = nullptr;
// The line before the word being completed: after `:scheme `, scheme names are offered.
std::string line_before_word;
// Ctrl-C while a line is being edited abandons that input; while a line is being evaluated it
// is ignored. The handler only raises a flag: jumping out of it could leave the line editor in
// the middle of a malloc or a write, holding a lock the next line then waits for for ever (the
// REPL hung after Ctrl-C on a loaded machine). The editor reads keys through `read_key`, whose
// read() the signal interrupts (no SA_RESTART); it jumps back to the loop from there, where the
// editor holds nothing.
sigjmp_buf abandon_input;
volatile std::sig_atomic_t editing = 0;
volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) {
  if (editing) interrupted = 1;
}

// One byte of standard input; -1 at its end or on an error. A Ctrl-C pending or arriving while
// it waits abandons the input being typed.
int read_byte() {
  for (;;) {
    if (interrupted) {
      interrupted = 0;
      siglongjmp(abandon_input, 1);
    }
    unsigned char byte = 0;
    const ssize_t n = read(STDIN_FILENO, &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && errno == EINTR) continue;
    return -1;
  }
}

// The next key for the line editor, a whole UTF-8 character (€, é) as its code point: the
// editor takes what this returns as one character. A malformed sequence gives its bytes.
int read_key(FILE*) {
  const int lead = read_byte();
  if (lead < 0x80) return lead;
  const int more = lead >= 0xf0 && lead < 0xf8 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  int code = lead & (0x3f >> more);
  for (int k = 0; k < more; ++k) {
    const int next = read_byte();
    if (next < 0 || (next & 0xc0) != 0x80) return next < 0 ? -1 : 0xfffd;
    code = (code << 6) | (next & 0x3f);
  }
  return more == 0 ? 0xfffd : code;
}

char* next_completion(const char* text, int state) {
  static std::vector<std::string> matches;
  static size_t index;
  if (state == 0) {
    matches = completing->completions(text, line_before_word);
    index = 0;
  }
  return index < matches.size() ? strdup(matches[index++].c_str()) : nullptr;
}

char** complete(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // no file-name completion
  const std::string line = rl_line_buffer ? rl_line_buffer : "";
  line_before_word = line.substr(0, std::min(line.size(), static_cast<size_t>(std::max(start, 0))));
  return rl_completion_matches(text, next_completion);
}

std::string history_path() {
  const char* home = std::getenv("HOME");
  return home ? (std::filesystem::path(home) / ".bareme_history").string() : "";
}

int interactive(ReplSession& session) {
  // libedit reads multibyte characters (€, é) only under a UTF-8 locale.
  if (std::setlocale(LC_CTYPE, "") == nullptr || std::string(std::setlocale(LC_CTYPE, nullptr)).find("UTF-8") == std::string::npos) {
    std::setlocale(LC_CTYPE, "C.UTF-8");
  }
  completing = &session;
  rl_attempted_completion_function = complete;
  rl_getc_function = read_key;
  const std::string history = history_path();
  if (!history.empty()) read_history(history.c_str());
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  std::cout << "Barème REPL — :help for help, Ctrl-D to quit\n";
  std::string pending;
  while (!session.quit()) {
    if (sigsetjmp(abandon_input, 1) != 0) {
      // Ctrl-C abandons the input being typed.
      editing = 0;
      interrupted = 0;
      pending.clear();
      std::cout << "\n" << std::flush;
      continue;
    }
    editing = 1;
    char* line = readline(pending.empty() ? "bareme> " : "   ...> ");
    editing = 0;
    if (line == nullptr) break;  // Ctrl-D
    pending += pending.empty() ? line : std::string("\n") + line;
    std::free(line);
    if (ReplSession::needs_more(pending + "\n")) continue;
    if (!pending.empty()) add_history(pending.c_str());
    std::cout << session.handle(pending) << std::flush;
    pending.clear();
  }
  if (!history.empty()) write_history(history.c_str());
  return 0;
}

// Runs a script from standard input, echoing each input as it would be typed.
int scripted(ReplSession& session) {
  std::string pending, line;
  while (!session.quit() && std::getline(std::cin, line)) {
    std::cout << (pending.empty() ? "bareme> " : "   ...> ") << line << "\n";
    pending += pending.empty() ? line : "\n" + line;
    if (ReplSession::needs_more(pending + "\n")) continue;
    std::cout << session.handle(pending) << std::flush;
    pending.clear();
  }
  if (!pending.empty()) std::cout << session.handle(pending);
  return 0;
}

int run(const ReplOptions& o) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  ReplSession session(o.library_paths, terminal && use_color(ColorChoice::Auto));
  session.set_limits(o.limits);
  for (const auto& f : o.files) std::cout << session.load(f);
  if (!o.scheme.empty() && !session.choose_scheme(o.scheme)) {
    std::string files;
    for (const auto& f : o.files) files += fmt::format("{}`{}`", files.empty() ? "" : ", ", f);
    std::string message = files.empty() ? fmt::format("bareme repl: --scheme {}: no file was given", diag::clip(o.scheme))
                                        : fmt::format("bareme repl: --scheme {}: no such scheme in {}", diag::clip(o.scheme), files);
    if (const ir::Program* p = session.program()) {
      if (auto best = diag::closest(o.scheme, scheme_names(*p))) message += fmt::format("; did you mean \"{}\"?", *best);
    }
    std::cout << std::flush;
    std::cerr << message << '\n';
    return 2;
  }
  std::cout << session.scheme_notice();
  return terminal ? interactive(session) : scripted(session);
}

}  // namespace

std::function<int()> add_repl_command(CLI::App& app) {
  auto o = std::make_shared<ReplOptions>();
  auto* cmd = app.add_subcommand("repl", "Explore schemes interactively: evaluate, set inputs, try reforms.");
  cmd->add_option("files", o->files, "Scheme or module files to load");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  cmd->add_option("--scheme", o->scheme, "The current scheme at start, by name (default: the last one loaded)");
  add_budget_options(cmd, o->limits);
  cmd->footer("Type :help inside. History is kept in ~/.bareme_history. With standard input not a terminal,\n"
              "the REPL runs it as a script and echoes each input.");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
