// The fast paths of `bareme score` against the general ones: CSV records, block cuts, cells
// and flat JSON lines, on hand-picked and random inputs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

#include "compile_helpers.hpp"
#include "diag/clip.hpp"
#include "inputs/application.hpp"
#include "readers/blocks.hpp"
#include "readers/cells.hpp"
#include "readers/csv.hpp"
#include "readers/flat_json.hpp"
#include "readers/unknown_names.hpp"
#include "runtime/text_intern.hpp"
#include "scoring/output.hpp"
#include "runtime/values.hpp"

namespace bareme::testing {
namespace {

using readers::CsvRecord;

struct OracleRecord {
  std::vector<std::string> fields;
  size_t line = 0;
  std::string error;
  friend bool operator==(const OracleRecord&, const OracleRecord&) = default;
};

// RFC 4180 read one byte at a time: the reference the block parser must match.
std::vector<OracleRecord> oracle_records(const std::string& in) {
  std::vector<OracleRecord> out;
  size_t i = 0, line = 1;
  while (i < in.size()) {
    OracleRecord r{{std::string()}, line, ""};
    bool quoted = false, after_quote = false, started = false;
    while (true) {
      if (i == in.size()) {
        if (quoted) r.error = "a quoted field is not closed before the end of the input";
        break;
      }
      const char c = in[i++];
      if (quoted) {
        if (c == '"' && i < in.size() && in[i] == '"')
          ++i, r.fields.back() += '"';
        else if (c == '"')
          quoted = false, after_quote = true;
        else
          (c == '\n' ? ++line : line), r.fields.back() += c;
        continue;
      }
      if (c == ',') {
        r.fields.emplace_back();
        after_quote = started = false;
        continue;
      }
      if (c == '\r' && i < in.size() && in[i] == '\n') continue;
      if (c == '\n') {
        ++line;
        break;
      }
      if (c == '"' && !started && !after_quote) {
        quoted = started = true;
        continue;
      }
      if ((c == '"' || after_quote) && r.error.empty()) {
        r.error = c == '"' ? "a quote inside an unquoted field"
                           : "text after the closing quote of a field";
      }
      started = true;
      r.fields.back() += c;
    }
    if (r.error.empty()) {
      for (const auto& f : r.fields) {
        bool text = true;
        for (size_t k = 0; k < f.size(); ++k) text = text && f[k] != '\0';
        if (!text || !source::is_text(f)) {
          r.error = "a field is not UTF-8 text";
          break;
        }
      }
    }
    out.push_back(r);
  }
  return out;
}

std::vector<OracleRecord> parsed_records(std::string in, size_t first_line = 1) {
  std::vector<OracleRecord> out;
  size_t pos = 0, line = first_line;
  readers::CsvRecord r;
  while (pos < in.size()) {
    readers::parse_csv_record(in.data(), in.size(), pos, line, r);
    out.push_back(
        OracleRecord{std::vector<std::string>(r.fields.begin(), r.fields.end()), r.line, r.error});
  }
  return out;
}

std::string random_csv(std::mt19937_64& rng, size_t length) {
  // Mostly plain text so that long simple records reach the 16-byte path, with every special.
  static const std::vector<std::string> pieces = {
      "a",  "bc", "12",   "2024-01-31",         ",",         ",",  "\n", "\r\n", "\"", "\"\"",
      "\r", "é",  "\xFF", std::string(1, '\0'), "occitanie", "x,y"};
  std::string out;
  while (out.size() < length) out += pieces[rng() % (rng() % 4 == 0 ? pieces.size() : 6)];
  return out;
}

TEST(ScoringCsv, RecordsMatchTheByteByByteReader) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 3000; ++round) {
    const std::string in = random_csv(rng, rng() % 200);
    ASSERT_EQ(parsed_records(in), oracle_records(in)) << "input: " << in;
  }
}

// A record whose first 16-byte steps are plain and which then meets a quote or a lone carriage
// return: the fields already cut are kept and the byte loop goes on from the field it was in.
TEST(ScoringCsv, LongRecordsGoOnAfterTheirPlainStart) {
  const std::string plain = "2024-01-31,occitanie,12345.67,abc,";
  for (const std::string tail :
       {std::string("\"[{\"\"a\"\": 1}]\",z\n"), std::string("x\ry,z\n"), std::string("x\"y,z\n"),
        std::string("\xFF\"q\"\n"), std::string("\"q\"\xFF\n"), std::string("\"open"),
        std::string("\"q,0123456789\0abcdef\"\n", 22), std::string("\"q\",0123456789abcd\0ef\n", 22),
        std::string("\"q\",0123456789abcd\xC3\xA9\n")}) {
    for (const std::string head : {plain, plain + plain, "\xFF" + plain + plain}) {
      const std::string in = head + tail + "next,row\n";
      ASSERT_EQ(parsed_records(in), oracle_records(in)) << "input: " << in;
    }
  }
  const auto records = parsed_records(plain + plain + "\"[{\"\"a\"\": 1}]\",z\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields.size(), 10u);
  EXPECT_EQ(records[0].fields[8], "[{\"a\": 1}]");
}

// Quoted cells like JSON lists (a doubled quote every few bytes) at every alignment, with plain
// fields before and after them, several per record, and ending where the input does: the
// 16-byte steps inside quotes must keep each pair's second quote, count line feeds and find
// bytes that are not text exactly where the byte loop does.
TEST(ScoringCsv, QuotedCellsAtEveryAlignment) {
  std::mt19937_64 rng(11);
  static const std::vector<std::string> inside = {
      "\"\"", "\"\"", "borne", ": 0, ", "{", "}]", "a", ",", "\n", "é", "22.000001 kW",
      std::string(1, '\0'), "\xFF", "\r\n", "\"\"\"\"", "0123456789abcdef"};
  auto quoted = [&] {
    std::string q = "\"";
    for (size_t n = rng() % 24; n > 0; --n) {
      // Mostly text and pairs; a byte that is not text in one cell in eight.
      const size_t k = rng() % (rng() % 8 == 0 ? inside.size() : 11);
      q += inside[k];
    }
    return q + "\"";
  };
  for (int round = 0; round < 4000; ++round) {
    std::string in;
    for (size_t rows = 1 + rng() % 3; rows > 0; --rows) {
      in += std::string(rng() % 40, 'x');
      for (size_t cells = 1 + rng() % 3; cells > 0; --cells) {
        in += "," + quoted();
        if (rng() % 2) in += "," + std::string(rng() % 20, 'y');
      }
      if (rng() % 16 == 0) in += "z";  // text after the closing quote
      in += rng() % 4 == 0 ? "\r\n" : "\n";
    }
    if (rng() % 3 == 0) in.pop_back();  // the input ends inside the last record
    if (rng() % 8 == 0) in.resize(rng() % in.size());
    ASSERT_EQ(parsed_records(in), oracle_records(in)) << "input: " << in;
  }
}

TEST(ScoringCsv, HandPickedRecords) {
  const std::string in = "a,\"b,\"\"c\"\"\nd\",e\r\n\"x\"y,z\"q\r\nlast";
  const auto records = parsed_records(in);
  ASSERT_EQ(records, oracle_records(in));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b,\"c\"\nd", "e"}));
  EXPECT_EQ(records[1].line, 3u);
  EXPECT_EQ(records[1].error, "text after the closing quote of a field");
  EXPECT_EQ(records[2].fields, std::vector<std::string>{"last"});
}

TEST(ScoringCsv, BlocksCutAtWholeRecordsOnly) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 3000; ++round) {
    const std::string in = random_csv(rng, rng() % 300);
    const size_t cut = in.empty() ? 0 : rng() % (in.size() + 1);
    const size_t whole = readers::whole_records(std::string_view(in).substr(0, cut));
    ASSERT_LE(whole, cut);
    auto head = parsed_records(in.substr(0, whole));
    size_t lines = 1 + static_cast<size_t>(
                           std::count(in.begin(), in.begin() + static_cast<long>(whole), '\n'));
    auto tail = parsed_records(in.substr(whole), lines);
    head.insert(head.end(), tail.begin(), tail.end());
    ASSERT_EQ(head, oracle_records(in))
        << "input: " << in << "\ncut at " << cut << ", whole " << whole;
  }
}

// Long quoted cells holding JSON (doubled quotes every few bytes, line feeds inside), as list
// cells are written, mixed with every irregular piece: the 64-byte quote pairing of
// whole_records must cut where the byte loop does, and records must read as the oracle's.
std::string random_quoted_csv(std::mt19937_64& rng, size_t length) {
  static const std::vector<std::string> pieces = {
      "\"[{\"\"kw\"\": 22, \"\"on\"\": \"\"2024-01-31\"\"}]\"",
      // Runs of 16 bytes and more between doubled quotes: moved down a whole step at a time.
      "\"[{\"\"note\"\": \"\"" + std::string(37, 'y') + "\"\", \"\"n\"\": 1234567890123456}]\"",
      ",",
      "\n",
      "\r\n",
      "12",
      "\"a,\nb\"",
      std::string(40, 'x'),
      "\"\"",
      "\"",
      "\r",
      "x\"y"};
  std::string out;
  while (out.size() < length) out += pieces[rng() % (rng() % 8 == 0 ? pieces.size() : 8)];
  return out;
}

TEST(ScoringCsv, QuotePairingCutsWhereTheByteLoopDoes) {
  std::mt19937_64 rng(13);
  size_t paired = 0;
  for (int round = 0; round < 4000; ++round) {
    const std::string in = random_quoted_csv(rng, rng() % 600);
    const size_t cut = in.empty() ? 0 : rng() % (in.size() + 1);
    const std::string_view block = std::string_view(in).substr(0, cut);
    ASSERT_EQ(readers::whole_records(block), readers::whole_records_by_bytes(block))
        << "block: " << block;
    paired += block.find("x\"") == std::string_view::npos;
    ASSERT_EQ(parsed_records(in), oracle_records(in)) << "input: " << in;
  }
  EXPECT_GT(paired, 1000u);  // enough blocks without irregular quotes reach the pairing
}

class ScoringCells : public ::testing::Test {
 protected:
  std::unique_ptr<driver::Compilation> c = compile_snippet(
      "input i : Int\ninput m : Money\ninput r : Rate\ninput d : Decimal\ninput p : kW\ninput on : "
      "Date\n"
      "input region : Region\ninput t : Text\ninput b : Bool\n");

  // Every cell the fast path takes, the general reader takes too, with the same scalar.
  void agree(const std::string& cell) {
    for (const auto& input : c->program->inputs) {
      int64_t fast = 0;
      if (!readers::fast_csv_scalar(*c->program, input.type, cell, fast)) continue;
      std::vector<inputs::InputError> errors;
      auto v =
          inputs::read_value(*c->program, input.type, readers::csv_cell_json(cell), "$", errors);
      ASSERT_TRUE(v.has_value()) << input.name << " <- " << cell;
      const int64_t general =
          input.type.is(ir::TypeKind::Text) ? runtime::intern_text(*v->text) : v->scalar;
      EXPECT_EQ(fast, general) << input.name << " <- " << cell;
    }
  }
};

TEST_F(ScoringCells, FastCellsAgreeWithTheGeneralReader) {
  ASSERT_TRUE(c->ok());
  for (const char* cell : {"0",          "-0",         "12",           "-12.5",
                           "12.345",     "007",        "999999999999", "1234567890123",
                           "1.",         ".5",         "+3",           "1e3",
                           "true",       "false",      "occitanie",    "bretagne",
                           "Occitanie",  "2024-02-29", "2023-02-29",   "0001-01-01",
                           "9999-12-31", "0000-01-01", "2024-13-01",   "2024-1-01",
                           "[]",         "{}",         "x y",          "60 %",
                           "60%",        "12.5 %",     "0.001 %",      "-3 %",
                           "60  %",      "22 kW",      "22kW",         "22.1234567 kW",
                           "22 kVA",     "kW",         " kW",          "1 000 kW",
                           "True",       "FALSE",      "truee",        " true"}) {
    agree(cell);
  }
  std::mt19937_64 rng(3);
  for (int k = 0; k < 20000; ++k) {
    const int y = static_cast<int>(rng() % 10001), m = static_cast<int>(rng() % 14),
              d = static_cast<int>(rng() % 33);
    agree(fmt::format("{:04}-{:02}-{:02}", y, m, d));
    agree(std::to_string(static_cast<int64_t>(rng() % 2000000) - 1000000) + "." +
          std::to_string(rng() % 1000));
  }
}

// Line feeds are counted 16 bytes at a time, in runs of 255 steps (the lanes' capacity), with a
// tail of any length: sizes on both sides of a run, and blocks nearly all line feeds.
TEST(ScoringBlocks, CountsLinesAsTheByteLoopDoes) {
  std::mt19937_64 rng(5);
  for (const int size : {0, 1, 15, 16, 17, 31, 33, 99, 4079, 4080, 4081, 4096, 8161, 100000}) {
    std::string bytes(static_cast<size_t>(size), 'a');
    for (auto& c : bytes) c = "a\n\n,"[rng() % 4];
    EXPECT_EQ(readers::count_lines(bytes),
              static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n')))
        << size;
  }
  EXPECT_EQ(readers::count_lines(std::string(100000, '\n')), 100000u);  // every lane full
}

// Amounts are written as euros with two decimals, whatever their sign and size.
TEST(ScoringOutput, CentsAreWrittenAsEurosWithTwoDecimals) {
  const std::pair<int64_t, const char*> cases[] = {
      {0, "0.00"},         {5, "0.05"},     {-5, "-0.05"},  {100, "1.00"},
      {-123456, "-1234.56"}, {1000000001, "10000000.01"},
      {INT64_MAX, "92233720368547758.07"}, {INT64_MIN, "-92233720368547758.08"}};
  for (const auto& [cents, text] : cases) {
    std::string out = "x,";
    scoring::append_cents(out, cents);
    EXPECT_EQ(out, std::string("x,") + text) << cents;
  }
}

// Enums with codes and labels: the fast path's hash lookup takes what the general reader takes,
// as the same case, and leaves unknown values and shared labels to it (open case aside).
TEST(ScoringCodeCells, CodesNamesAndLabelsAgreeWithTheGeneralReader) {
  auto c = compile_snippet(
      "enum Commune { paris = \"75056\" \"Paris\", lyon = \"69123\" \"Lyon\", nice \"Nice\" }\n"
      "enum Open { a = \"01\" \"same\", b = \"2A\" \"same\", other = any \"Other\" }\n"
      "enum Plain { x \"3\", y }\n"
      "input commune : Commune\ninput open : Open\ninput plain : Plain\n");
  ASSERT_TRUE(c->ok());
  for (const char* cell :
       {"75056", "paris", "Paris", "69123", "Lyon",  "nice", "Nice", "7505", "1", "01",
        "2A",    "2a",    "same",  "Other", "other", "a",    "zzz",  "3",    "x", "y"}) {
    for (const auto& input : c->program->inputs) {
      int64_t fast = 0;
      const bool took = readers::fast_csv_scalar(*c->program, input.type, cell, fast);
      std::vector<inputs::InputError> errors;
      auto v =
          inputs::read_value(*c->program, input.type, readers::csv_cell_json(cell), "$", errors);
      if (took) {
        ASSERT_TRUE(v.has_value()) << input.name << " <- " << cell;
        EXPECT_EQ(fast, v->scalar) << input.name << " <- " << cell;
      } else {
        EXPECT_FALSE(v.has_value())
            << input.name << " <- " << cell << ": the fast path should take it";
      }
    }
  }
  std::vector<inputs::InputError> errors;
  auto by_code = inputs::read_value(*c->program, c->program->inputs[0].type,
                                    readers::csv_cell_json("69123"), "$", errors);
  ASSERT_TRUE(by_code.has_value());
  EXPECT_EQ(by_code->scalar, 1);
  auto open = inputs::read_value(*c->program, c->program->inputs[1].type,
                                 readers::csv_cell_json("zzz"), "$", errors);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->scalar, 2);
  EXPECT_FALSE(inputs::read_value(*c->program, c->program->inputs[1].type,
                                  readers::csv_cell_json("same"), "$", errors));
  // A label that is a number is no code: in an enum without codes a number is not a case.
  EXPECT_FALSE(inputs::read_value(*c->program, c->program->inputs[2].type,
                                  readers::csv_cell_json("3"), "$", errors));
}

TEST_F(ScoringCells, FlatJsonFieldsAreThoseOfTheGeneralParser) {
  for (const char* line :
       {R"({"i": 12, "m": -3.5, "b": true, "t": "x", "aids": [{"a": "]"}], "o": {"k": [1]}})",
        R"({ })", R"({"a":false})", R"({"région": "île_de_france"})"}) {
    std::vector<readers::FlatField> fields;
    ASSERT_TRUE(readers::flat_object(line, fields)) << line;
    const auto parsed = inputs::parse_json(line);
    const auto& json = std::get<inputs::Json>(parsed);
    ASSERT_EQ(fields.size(), json.members.size());
    for (size_t k = 0; k < fields.size(); ++k) {
      EXPECT_EQ(fields[k].key, json.members[k].first);
      const auto j = readers::json_of(fields[k]);
      ASSERT_TRUE(j.has_value());
      EXPECT_EQ(j->kind, json.members[k].second.kind);
      if (j->kind == inputs::Json::Kind::Number || j->kind == inputs::Json::Kind::String)
        EXPECT_EQ(j->text, json.members[k].second.text);
    }
  }
  // Anything unusual is left to the general parser.
  for (const char* line :
       {R"({"a": null})", R"({"a": "\u00e9"})", R"({"a": 1e5})", R"({"a": 01})", R"({"a": 1,})",
        R"({"a": [1})", R"([1])", R"({"a": 1} x)", R"({"a\u0041": 1})", "{\"a\": \"\xFF\"}"}) {
    std::vector<readers::FlatField> fields;
    EXPECT_FALSE(readers::flat_object(line, fields)) << line;
  }
}

// Long strings and nested values put quotes, backslashes, brackets, control characters and
// UTF-8 on every offset of the 16-byte chunks the scanner skips: whatever it accepts, the
// general parser reads the same, and it accepts most lines.
std::string random_json_line(std::mt19937_64& rng) {
  // The last two are not JSON in a string: only members' own strings get them (the scanner
  // refuses them there); in a nested value only brackets are matched, parse_json checks later.
  static const std::vector<std::string> pieces = {"a", "0123456789", "é",    "\\\"", "\\\\",
                                                  "[", "]",          "{",    "}",    ",",
                                                  " ", "\\u0041",    "\x01", "\xFF"};
  auto text = [&](bool valid) {
    std::string t;
    for (int n = static_cast<int>(rng() % 8); n > 0; --n)
      t += pieces[rng() % (valid || rng() % 4 ? pieces.size() - 2 : pieces.size())];
    return '"' + t + '"';
  };
  std::string line = "{";
  for (int m = 0, members = 1 + static_cast<int>(rng() % 5); m < members; ++m) {
    line += (m ? ", " : "") + std::string("\"k") + std::to_string(m) + "\": ";
    if (rng() % 2) {
      line += text(false);
    } else {
      line += "[";
      for (int e = static_cast<int>(rng() % 4); e > 0; --e)
        line += "{\"s\": " + text(true) + ", \"n\": [1, 2]}" + (e > 1 ? ", " : "");
      line += "]";
    }
  }
  return line + "}";
}

TEST(ScoringJson, ChunkedScansAgreeWithTheGeneralParser) {
  std::mt19937_64 rng(17);
  size_t accepted = 0;
  for (int round = 0; round < 5000; ++round) {
    const std::string line = random_json_line(rng);
    std::vector<readers::FlatField> fields;
    if (!readers::flat_object(line, fields)) continue;
    ++accepted;
    const auto parsed = inputs::parse_json(line);
    ASSERT_TRUE(std::holds_alternative<inputs::Json>(parsed)) << line;
    const auto& json = std::get<inputs::Json>(parsed);
    ASSERT_EQ(fields.size(), json.members.size()) << line;
    for (size_t k = 0; k < fields.size(); ++k) {
      EXPECT_EQ(fields[k].key, json.members[k].first) << line;
      const auto j = readers::json_of(fields[k]);
      ASSERT_TRUE(j.has_value()) << line;
      ASSERT_EQ(j->kind, json.members[k].second.kind) << line;
      EXPECT_EQ(j->text, json.members[k].second.text) << line;
      EXPECT_EQ(j->items.size(), json.members[k].second.items.size()) << line;
    }
  }
  EXPECT_GT(accepted, 1000u);
}

TEST(ScoringLists, FlatListsAgreeWithTheGeneralReader) {
  auto c = compile_snippet(
      "record Aid { amount: Money, granted_on: Date, de_minimis: Bool }\ninput aids : List<Aid>\n");
  ASSERT_TRUE(c->ok());
  const ir::Type type = c->program->inputs[0].type;
  for (const char* cell :
       {R"([])", R"([ ] )",
        R"([{"amount": 1500.25, "granted_on": "2023-01-01", "de_minimis": true}])",
        R"([{"de_minimis": false, "granted_on": "2024-02-29", "amount": 7},
                               {"amount": -3.5, "granted_on": "2020-12-31", "de_minimis": true}])"}) {
    std::vector<int64_t> values;
    size_t elements = 0;
    ASSERT_TRUE(readers::flat_list(*c->program, type, cell, values, elements)) << cell;
    std::vector<inputs::InputError> errors;
    auto v = inputs::read_value(*c->program, type, readers::csv_cell_json(cell), "$", errors);
    ASSERT_TRUE(v.has_value()) << cell;
    ASSERT_EQ(v->elements().size(), elements) << cell;
    for (size_t e = 0; e < elements; ++e) {
      for (size_t f = 0; f < 3; ++f)
        EXPECT_EQ(v->elements()[e].elements()[f].scalar, values[e * 3 + f]) << cell;
    }
  }
  // Missing, unknown, repeated or mistyped fields, and malformed JSON, go to the general reader.
  for (const char* cell :
       {R"([{"amount": 1, "granted_on": "2023-01-01"}])",
        R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": true, "x": 1}])",
        R"([{"amount": 1, "amount": 2, "de_minimis": true}])",
        R"([{"amount": "1 €", "granted_on": "2023-01-01", "de_minimis": true}])",
        R"([{"amount": 1.234, "granted_on": "2023-01-01", "de_minimis": true}])",
        R"([{"amount": 1, "granted_on": "2023-02-30", "de_minimis": true}])",
        R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": true},])", R"([1])", R"({})",
        R"( [])", R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": null}])"}) {
    std::vector<int64_t> values;
    size_t elements = 0;
    EXPECT_FALSE(readers::flat_list(*c->program, type, cell, values, elements)) << cell;
  }
}

// The JSON Lines members ignored over a run: counted only in the rows taken (a run stopped by
// --max-errors), numbered from the block's first row, and past IgnoredMembers::kNames distinct
// names counted together, each row once.
TEST(IgnoredTally, CountsTheRowsTakenAndBoundsTheNames) {
  auto c = compile_snippet("input income : Money\n");
  ASSERT_TRUE(c->ok());
  readers::IgnoredMembers block;
  block.add(0, "incme");
  block.add(2, "incme");
  block.add(2, "note");
  block.add(5, "note");                 // not taken
  block.add(1, std::string(100, 'x'));  // clipped: the same name in every row
  block.add(3, std::string(100, 'x'));
  EXPECT_EQ(block.names.size(), 3u);
  readers::IgnoredTally tally;
  EXPECT_FALSE(tally.warning(*c->program));
  tally.take(block, 11, 5);
  EXPECT_EQ(tally.warning(*c->program),
            fmt::format(
                "warning: JSON members naming no input were ignored: \"incme\" (did you mean "
                "\"income\"?) in 2 rows, first row 11; \"note\" in row 13; \"{}\" in 2 rows, first "
                "row 12 (--strict makes such rows errors)",
                diag::clip(std::string(100, 'x'))));

  readers::IgnoredMembers many;
  for (size_t n = 0; n < readers::IgnoredMembers::kNames + 2; ++n)
    many.add(n, fmt::format("extra{}", n));
  many.add(readers::IgnoredMembers::kNames + 1,
           "another");  // the same row: counted once among the others
  EXPECT_EQ(many.names.size(), readers::IgnoredMembers::kNames);
  readers::IgnoredTally bounded;
  bounded.take(many, 1, 1000);
  const auto warning = bounded.warning(*c->program);
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("\"extra31\" in row 32"), std::string::npos) << *warning;
  EXPECT_NE(warning->find("other names in 2 rows, first row 33"), std::string::npos) << *warning;
}

}  // namespace
}  // namespace bareme::testing
