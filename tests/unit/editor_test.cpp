// The editor services (include/bareme/editor.hpp): positions in UTF-16, parameter values at a date,
// what an edit re-checks.
#include "bareme/editor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using bareme::editor::Position;
using bareme::editor::Workspace;

// A folder of files written to the disk (imports are resolved there), removed at the end.
struct Folder {
  fs::path root =
      fs::temp_directory_path() / fs::path("bareme-editor-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(root); }
  ~Folder() { fs::remove_all(root); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(root / name) << text;
    return bareme::editor::canonical_path((root / name).string());
  }
};

const char* kScheme = R"(scheme accents "Accents"
  source "none"
  authority "tests"

input income : Money "the income"
param grant : Money =
    100 € from 2024-01-01 until 2024-12-31  § "art. 1"
  , 200 € from 2025-01-01                   § "art. 2"

eligible when
  revenu_élevé: "🙂é" == "🙂é" and incme > 0 €

amount = grant
)";

bool contains(const std::vector<std::string>& paths, const std::string& path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

TEST(Editor, ColumnsAreUtf16CodeUnits) {
  Folder folder;
  const std::string path = folder.write("accents.bareme", kScheme);
  Workspace ws;
  ws.set_document(path, kScheme);
  ws.refresh();
  const auto diags = ws.diagnostics(path);
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].id, "UnknownName");
  // `  revenu_élevé: "🙂é" == "🙂é" and ` is 33 code points, 35 UTF-16 units (two emoji).
  EXPECT_EQ(diags[0].range.start.line, 10u);
  EXPECT_EQ(diags[0].range.start.character, 35u);
  EXPECT_EQ(diags[0].range.end.character, 40u);
  ASSERT_TRUE(diags[0].replacement.has_value());
  EXPECT_EQ(*diags[0].replacement, "income");
  const auto actions = ws.code_actions(path, diags[0].range);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].edits.at(path).at(0).new_text, "income");
}

TEST(Editor, ParameterValueAtTheDate) {
  Folder folder;
  const std::string fixed =
      std::string(kScheme).replace(std::string(kScheme).find("incme"), 5, "income");
  const std::string path = folder.write("accents.bareme", fixed);
  for (const auto& [date, value] :
       {std::pair{"2024-06-01", "100.00 €"}, std::pair{"2030-01-01", "200.00 €"}}) {
    Workspace ws({{}, date});
    ws.set_document(path, fixed);
    ws.refresh();
    EXPECT_TRUE(ws.diagnostics(path).empty());
    const auto grant = ws.definition(path, Position{12, 10});  // `amount = grant`
    ASSERT_TRUE(grant.has_value());
    EXPECT_EQ(grant->name, "grant");
    ASSERT_EQ(grant->periods.size(), 2u);
    EXPECT_EQ(grant->periods[1].from, "2025-01-01");
    EXPECT_EQ(grant->periods[1].citation, "art. 2");
    ASSERT_TRUE(grant->value_at_date.has_value());
    EXPECT_EQ(*grant->value_at_date, value);
    const auto hover = ws.hover(path, Position{12, 10});
    ASSERT_TRUE(hover.has_value());
    EXPECT_NE(hover->find(std::string("Value at ") + date + ": `" + value + "`"), std::string::npos)
        << *hover;
  }
}

TEST(Editor, AnEditRechecksOnlyTheProgramsThatHoldTheFile) {
  Folder folder;
  const std::string lib = folder.write("lib.bareme", "module lib\nparam rate : Rate = 10 %\n");
  const std::string a_text =
      "scheme a\n  source \"s\"\n  authority \"t\"\nimport \"lib.bareme\"\ninput x : Money "
      "\"x\"\namount = x * lib.rate\n";
  const std::string b_text =
      "scheme b\n  source \"s\"\n  authority \"t\"\ninput y : Money \"y\"\namount = y\n";
  const std::string a = folder.write("a.bareme", a_text);
  const std::string b = folder.write("b.bareme", b_text);
  Workspace ws;
  ws.set_document(a, a_text);
  ws.set_document(b, b_text);
  auto changed = ws.refresh();
  EXPECT_TRUE(contains(changed, a) && contains(changed, b) && contains(changed, lib));
  ws.set_document(b, b_text + "\n");
  changed = ws.refresh();
  EXPECT_TRUE(contains(changed, b));
  EXPECT_FALSE(contains(changed, a));
  EXPECT_FALSE(contains(changed, lib));
  // Editing the library re-checks the scheme that imports it, not the other.
  ws.set_document(lib, "module lib\nparam ratio : Rate = 10 %\n");
  changed = ws.refresh();
  EXPECT_TRUE(contains(changed, a) && contains(changed, lib));
  EXPECT_FALSE(contains(changed, b));
  const auto diags = ws.diagnostics(a);
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].id, "UnknownName");
  EXPECT_FALSE(ws.dirty());
}

TEST(Editor, RenameRefusesWhatIsNotAName) {
  Folder folder;
  const std::string text = "module m\nparam rate : Rate = 10 %\nlet twice : Rate = rate + rate\n";
  const std::string path = folder.write("m.bareme", text);
  Workspace ws;
  ws.set_document(path, text);
  ws.refresh();
  std::string error;
  EXPECT_TRUE(ws.rename(path, Position{1, 7}, "match", error).empty());
  EXPECT_FALSE(error.empty());
  error.clear();
  const auto edits = ws.rename(path, Position{1, 7}, "share", error);
  EXPECT_TRUE(error.empty());
  EXPECT_EQ(edits.at(path).size(), 3u);
}

// Formatting gives one edit over the lines that change; applying it gives `bareme fmt`'s layout,
// and formatting that again gives no edit. A document that does not parse is refused.
std::string apply(const std::string& text, const bareme::editor::TextEdit& edit) {
  auto offset = [&](Position p) {
    size_t at = 0;
    for (uint32_t l = 0; l < p.line; ++l) at = text.find('\n', at) + 1;
    return at + p.character;  // ASCII text: UTF-16 units are bytes
  };
  const size_t from = offset(edit.range.start), to = offset(edit.range.end);
  return text.substr(0, from) + edit.new_text + text.substr(to);
}

TEST(Editor, FormattingEditsOnlyTheLinesThatChange) {
  Folder folder;
  const std::string text =
      "module m\n\nparam rate : Rate = 10 %\nlet   big : Money = 1000000 €\nlet b : Int = 2\n";
  const std::string path = folder.write("m.bareme", text);
  Workspace ws;
  ws.set_document(path, text);
  std::string error;
  const auto edits = ws.format(path, error);
  ASSERT_TRUE(edits.has_value()) << error;
  ASSERT_EQ(edits->size(), 1u);
  EXPECT_EQ(edits->front().range.start.line, 3u);
  EXPECT_EQ(edits->front().range.end.line, 4u);
  const std::string formatted = apply(text, edits->front());
  EXPECT_NE(formatted.find("let big : Money = 1 000 000 €\n"), std::string::npos) << formatted;
  ws.set_document(path, formatted);
  const auto again = ws.format(path, error);
  ASSERT_TRUE(again.has_value()) << error;
  EXPECT_TRUE(again->empty());

  ws.set_document(path, "module m\nlet b : Int = (\n");
  EXPECT_FALSE(ws.format(path, error).has_value());
  EXPECT_NE(error.find("does not parse"), std::string::npos) << error;
  EXPECT_FALSE(ws.format(folder.root.string() + "/unknown.bareme", error).has_value());
}

}  // namespace

// An incremental change (LSP textDocumentSync 2): a range in UTF-16 units replaced, in order.
TEST(Editor, IncrementalEditsReplaceRanges) {
  Workspace ws;
  const std::string path = "/nowhere/edits.bareme";
  using bareme::editor::Range;
  EXPECT_FALSE(ws.edit_document(path, Range{{0, 0}, {0, 0}}, "x"));  // not open: nothing to edit
  ws.set_document(path, "module m\nlet é_😀x : Int = 1\r\nlet b : Int = 2\n");
  // `x` is after `é` (1 unit) and `😀` (2 units): character 8 of line 1.
  EXPECT_TRUE(ws.edit_document(path, Range{{1, 8}, {1, 9}}, "y"));
  EXPECT_EQ(*ws.text(path), "module m\nlet é_😀y : Int = 1\r\nlet b : Int = 2\n");
  // Past the end of a line: its end (before `\r\n`); across lines.
  EXPECT_TRUE(ws.edit_document(path, Range{{1, 40}, {2, 3}}, " +"));
  EXPECT_EQ(*ws.text(path), "module m\nlet é_😀y : Int = 1 + b : Int = 2\n");
  // Past the last line: the end of the text; an insertion (empty range).
  EXPECT_TRUE(ws.edit_document(path, Range{{9, 0}, {9, 0}}, "let c : Int = 3\n"));
  EXPECT_TRUE(ws.edit_document(path, Range{{0, 0}, {0, 0}}, "# edited\n"));
  EXPECT_EQ(*ws.text(path),
            "# edited\nmodule m\nlet é_😀y : Int = 1 + b : Int = 2\nlet c : Int = 3\n");
  ws.refresh();
  EXPECT_FALSE(ws.diagnostics(path).empty());  // `1 + b : Int = 2` does not parse
  EXPECT_TRUE(ws.edit_document(path, Range{{2, 19}, {2, 33}}, ""));
  ws.refresh();
  EXPECT_EQ(*ws.text(path), "# edited\nmodule m\nlet é_😀y : Int = 1\nlet c : Int = 3\n");
}
