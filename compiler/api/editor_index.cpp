// Indexing a compiled program for the editor services: positions, symbols of each file and
// diagnostics.
#include <filesystem>
#include <regex>

#include "diag/diagnostic.hpp"
#include "editor_program.hpp"

namespace bareme::editor {

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path : canonical.string();
}

std::string Indexing::path_of(source::FileId file) const {
  auto it = paths.find(file);
  return it == paths.end() ? std::string() : it->second;
}

Range Indexing::range(source::Span span) const {
  if (!span.valid() || span.file >= compilation.sources.size()) return {};
  const auto& src = compilation.sources.file(span.file);
  auto position = [&](uint32_t offset) {
    const auto loc = src.locate(offset);
    const std::string_view line = src.line_text(loc.line);
    // The first column-1 code points of the line, in UTF-16 units.
    size_t byte = 0;
    for (uint32_t cp = 1; cp < loc.column && byte < line.size(); ++cp) {
      const auto lead = static_cast<unsigned char>(line[byte]);
      byte += lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    }
    return Position{loc.line - 1, utf16_length(line.substr(0, std::min(byte, line.size())))};
  };
  return Range{position(span.begin), position(span.end)};
}

Location Indexing::location(source::Span span) const {
  return Location{path_of(span.file), range(span)};
}

std::string Indexing::add(FileIndex& file, Symbol symbol) {
  std::string key = symbol_key(symbol);
  program.symbols[key] = symbol;
  file.symbols.push_back(std::move(symbol));
  return key;
}

void collect_diagnostics(Indexing& ix) {
  static const std::regex did_you_mean("did you mean `([^`]+)`\\?");
  for (const auto& d : ix.compilation.sink.diagnostics()) {
    Diagnostic out;
    out.id = std::string(diag::id_name(d.id));
    out.error = d.severity == diag::Severity::Error;
    out.message = d.message;
    std::string path = ix.path_of(d.span.file);
    if (path.empty())
      path = ix.program.root;  // a diagnostic without a place: on the root
    else
      out.range = ix.range(d.span);
    for (const auto& note : d.notes) {
      if (note.kind == diag::Note::Kind::Note && note.span.valid()) {
        out.related.push_back({ix.location(note.span), note.message});
        continue;
      }
      out.hints.push_back(note.message);
      std::smatch m;
      if (note.kind == diag::Note::Kind::Hint && !out.replacement &&
          std::regex_search(note.message, m, did_you_mean))
        out.replacement = m[1].str();
    }
    auto& file = ix.program.files[path];
    file.path = path;
    file.diagnostics.push_back(std::move(out));
  }
}

ProgramIndex index_program(const std::string& root,
                           const std::map<std::string, std::string>& overlays,
                           const Options& options, driver::ParseCache parsed) {
  ProgramIndex program;
  program.root = root;
  driver::Options driver_options;
  driver_options.library_paths = options.library_paths;
  driver_options.texts = &overlays;
  driver_options.parse_cache = &parsed;
  auto c = driver::compile_file(root, driver_options);
  Indexing ix{*c, options, program, {}, {}, {}, {}};
  for (source::FileId id = 0; id < c->sources.size(); ++id) {
    const auto& src = c->sources.file(id);
    const std::string path = id == 0 ? root : canonical_path(src.path());
    ix.paths[id] = path;
    auto& file = program.files[path];
    file.path = path;
    file.text = src.text();
  }
  for (const auto& f : c->files) collect_symbols(ix, f);
  add_ir_details(ix);
  for (const auto& f : c->files) collect_references(ix, f);
  collect_field_references(ix);
  collect_diagnostics(ix);
  driver::keep_parsed(*c, program.parsed);
  return program;
}

}  // namespace bareme::editor
