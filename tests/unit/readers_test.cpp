// Unit tests of the readers added for issue #19: simdjson list cells against the hand-written
// reader and the general one, and the compact (--columns) failed bitmask of score.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "compile_helpers.hpp"
#include "inputs/application.hpp"
#include "readers/cells.hpp"
#include "readers/flat_json.hpp"
#include "readers/simd_list.hpp"
#include "scoring/output.hpp"

namespace bareme::testing {
namespace {

// `score --columns`: the failed bitmask, most significant word first, without leading zeros.
TEST(ScoringCompact, MaskWordsAsHexadecimal) {
  std::string out;
  const uint64_t none[2] = {0, 0};
  scoring::append_mask(out, none, 2);
  EXPECT_EQ(out, "0");
  out.clear();
  const uint64_t low[2] = {0x5, 0};
  scoring::append_mask(out, low, 2);
  EXPECT_EQ(out, "5");
  out.clear();
  const uint64_t high[2] = {0x1, 0x2};  // bits 0 and 65
  scoring::append_mask(out, high, 2);
  EXPECT_EQ(out, "20000000000000001");
  out.clear();
  const uint64_t all[1] = {~uint64_t{0}};
  scoring::append_mask(out, all, 1);
  EXPECT_EQ(out, "ffffffffffffffff");
}

}  // namespace
}  // namespace bareme::testing

namespace bareme::testing {
namespace {

// Records of more than 64 fields: members in any order, a field past the 64th repeated.
TEST(ScoringSimdLists, ManyFieldsInAnyOrder) {
  std::string record = "record Wide { ";
  for (int f = 0; f < 70; ++f) record += (f ? ", f" : "f") + std::to_string(f) + ": Int";
  auto c = compile_snippet(record + " }\ninput rows : List<Wide>\n");
  ASSERT_TRUE(c->ok());
  const ir::Type type = c->program->inputs[0].type;
  std::string reversed = "[{";
  for (int f = 69; f >= 0; --f)
    reversed += "\"f" + std::to_string(f) + "\": " + std::to_string(f * 3) + (f ? ", " : "}]");
  std::vector<int64_t> values;
  size_t elements = 0;
  ASSERT_TRUE(readers::simd_list(*c->program, type, reversed, values, elements));
  ASSERT_EQ(elements, 1u);
  for (int f = 0; f < 70; ++f) EXPECT_EQ(values[static_cast<size_t>(f)], f * 3);
  std::string repeated = reversed;
  repeated.replace(repeated.size() - 2, 2, ", \"f65\": 1}]");
  EXPECT_FALSE(readers::simd_list(*c->program, type, repeated, values, elements)) << repeated;
}

// Field names longer than simdjson's padding are compared byte by byte: the name itself
// matches, a key one letter shorter or longer does not.
TEST(ScoringSimdLists, LongFieldNames) {
  const std::string name = "long_" + std::string(70, 'x');
  auto c = compile_snippet("record Long { " + name + ": Int, n: Int }\ninput rows : List<Long>\n");
  ASSERT_TRUE(c->ok());
  const ir::Type type = c->program->inputs[0].type;
  std::vector<int64_t> values;
  size_t elements = 0;
  auto cell = [&](const std::string& key) { return "[{\"n\": 2, \"" + key + "\": 7}]"; };
  ASSERT_TRUE(readers::simd_list(*c->program, type, cell(name), values, elements));
  EXPECT_EQ(values, (std::vector<int64_t>{7, 2}));
  EXPECT_FALSE(readers::simd_list(*c->program, type, cell(name.substr(0, name.size() - 1)), values, elements));
  EXPECT_FALSE(readers::simd_list(*c->program, type, cell(name + "x"), values, elements));
}

// simdjson's list reader: the values of the hand-written one and of the general reader, also
// on cells the hand-written one refuses (escapes, odd spaces); bad cells go to the general
// reader. Prints the time per cell of both readers (not asserted: the machine is shared).
TEST(ScoringSimdLists, AgreeWithTheGeneralReader) {
  auto c = compile_snippet(
      "record Aid { amount: Money, granted_on: Date, de_minimis: Bool }\ninput aids : List<Aid>\n");
  ASSERT_TRUE(c->ok());
  const ir::Type type = c->program->inputs[0].type;
  const std::string typical =
      R"([{"amount": 410755.83, "granted_on": "2024-03-01", "de_minimis": true}, )"
      R"({"amount": 12.5, "granted_on": "2023-12-31", "de_minimis": false}])";
  for (const std::string cell :
       {std::string(R"([])"), std::string(R"([ ] )"), typical,
        std::string(R"([{"de_minimis": false, "granted_on": "2024-02-29", "amount": 7},
                        {"amount": -3.5, "granted_on": "2020-12-31", "de_minimis": true}])"),
        std::string(R"([{"amount":1,"granted_on":"2023\u002d01-01","de_minimis":true}])"),
        std::string("[\n{ \"amount\" : 12345.67 , \"granted_on\": \"2023-01-01\","
                    " \"de_minimis\" : true }\t]")}) {
    std::vector<int64_t> values;
    size_t elements = 0;
    ASSERT_TRUE(readers::simd_list(*c->program, type, cell, values, elements)) << cell;
    std::vector<inputs::InputError> errors;
    auto v = inputs::read_value(*c->program, type, readers::csv_cell_json(cell), "$", errors);
    ASSERT_TRUE(v.has_value()) << cell;
    ASSERT_EQ(v->elements().size(), elements) << cell;
    for (size_t e = 0; e < elements; ++e) {
      for (size_t f = 0; f < 3; ++f)
        EXPECT_EQ(v->elements()[e].elements()[f].scalar, values[e * 3 + f]) << cell;
    }
  }
  // Truncated JSON, wrong types, numbers too large or too precise for exact cents, exponents,
  // missing, unknown or repeated fields: refused, so the general reader words the error.
  for (
      const char* cell :
      {R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": true)",
       R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": tru)",
       R"([{"amount": 1)",
       R"([)",
       R"([{"amount": "1", "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 1, "granted_on": 20230101, "de_minimis": true}])",
       R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": "yes"}])",
       R"([{"amount": 92233720368547758.08, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 123456789012345678901234567890, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 1.234, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 1e3, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 01, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 1., "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": -, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": .5, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 1 2, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 1, "granted_on": "2023-01-01"}])",
       R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": true, "x": 1}])",
       R"([{"amount": 1, "amount": 2, "de_minimis": true}])",
       // A key with an escape: read by the general reader (as `amount`).
       R"([{"\u0061mount": 1, "granted_on": "2023-01-01", "de_minimis": true}])",
       R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": true, "amount": 1}])",
       R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": true}] x)",
       R"([1])",
       R"({})",
       R"( [])",
       R"([{"amount": 1, "granted_on": "2023-01-01", "de_minimis": null}])"}) {
    std::vector<int64_t> values;
    size_t elements = 0;
    EXPECT_FALSE(readers::simd_list(*c->program, type, cell, values, elements)) << cell;
  }
  std::vector<int64_t> values;
  size_t elements = 0;
  constexpr int kCells = 100000;
  auto time = [&](auto read) {
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < kCells; ++k) EXPECT_TRUE(read());
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start)
               .count() /
           kCells;
  };
  const double hand =
      time([&] { return readers::flat_list(*c->program, type, typical, values, elements); });
  const double simd =
      time([&] { return readers::simd_list(*c->program, type, typical, values, elements); });
  std::printf("list cell of 2 records: flat_list %.0f ns, simd_list %.0f ns\n", hand, simd);
}

}  // namespace
}  // namespace bareme::testing
