// `bareme serve FOLDER`: the HTTP JSON service over a folder of schemes (tools/serve,
// docs/serve.md).
#include "commands.hpp"
#include "serve.hpp"

namespace bareme::tools {

std::function<int()> add_serve_command(CLI::App& app) {
  auto options = std::make_shared<serve::ServeOptions>();
  auto* cmd = app.add_subcommand(
      "serve", "Serve a folder of schemes over HTTP/1.1 JSON (see docs/serve.md)");
  cmd->add_option("folder", options->folder,
                  "Folder of .bareme files, one scheme per file, reloaded on change")
      ->required();
  cmd->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", options->port, "Port to listen on; 0 picks a free one (printed)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option(
         "--token", options->token,
         "Require `Authorization: Bearer TOKEN` on every request but /health (default: the "
         "BAREME_SERVE_TOKEN environment variable, if set)")
      ->envname("BAREME_SERVE_TOKEN");
  cmd->add_option("-L,--library-path", options->library_paths,
                  "':'-separated folders searched for imports");
  cmd->add_option("--max-body", options->max_body_bytes,
                  "Largest body of /evaluate, /explain, /missing, in bytes")
      ->capture_default_str();
  cmd->add_option("--max-score-body", options->max_score_bytes, "Largest body of /score, in bytes")
      ->capture_default_str();
  cmd->add_option("--max-rows", options->max_rows, "Most rows of one /score request")
      ->capture_default_str();
  cmd->add_option("--max-concurrent", options->max_concurrent,
                  "Requests handled at once; more get 503")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--loops", options->loops,
                  "Event-loop threads answering whole requests; 0: one per core")
      ->capture_default_str()
      ->check(CLI::Range(size_t{0}, size_t{256}));
  cmd->add_option(
         "--threads", options->threads,
         "Threads for connections handed off by the loops (streamed /score, chunked or "
         "slowly arriving requests; one each while open); 0: max(256, max-concurrent + 16)")
      ->capture_default_str();
  cmd->add_option("--eval-timeout", options->eval_timeout_seconds,
                  "Seconds an evaluation may take; over it the answer is 504")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-steps", options->max_steps,
                  "Step budget of each evaluation (0: that of `bareme eval`)")
      ->capture_default_str();
  cmd->add_option("--read-timeout", options->read_timeout_seconds,
                  "Seconds a silent client is waited for")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--reload-interval", options->reload_interval_seconds,
                  "Seconds between looks at the folder for changed files (0: never reload)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--ui", options->ui,
               "Serve the web playground under /ui/ (docs/playground.md)");
  cmd->add_option("--log", options->log_file, "Request log file ('-': none; default: stderr)");
  return [options] { return serve::run_serve(*options); };
}

}  // namespace bareme::tools
