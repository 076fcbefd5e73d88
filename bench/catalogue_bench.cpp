// The catalogue bench: generates a project of N aid files (~30 lines each, four authorities'
// levels sharing one questions module), then times checking it, JIT-compiling every aid (a
// module each, then every aid in one module) and running every aid over 5 000 applications.
//   bareme-catalogue-bench [N=400] [--keep DIR]
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "driver/compile.hpp"
#include "engine/batch.hpp"
#include "engine/fuzz.hpp"
#include "jit/jit.hpp"

namespace {

using namespace bareme;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

const char* const kLevels[] = {"commune", "epci", "departement", "region"};

// One aid: its own enum, parameters, table, helper and tests, reading the shared questions.
std::string aid_file(size_t i) {
  const char* level = kLevels[i % 4];
  return fmt::format(R"(# Generated aid {0} of the catalogue bench ({1} level).
scheme aid_{0} "Aide {0}"
  authority "{1} {0}"
  as of bought_on

import income, shares, bike, price, bought_on, Bike from "questions.bareme"

enum Zone {{ centre, outskirts, rural }}
input zone : Zone = centre "where the applicant lives"
param ceiling : Money = {2} € from 2020-01-01
param rate : Rate = {3} % from 2020-01-01
param income_limit : Money = {4} €

let income_per_share : Money = income / shares
let bonus(z: Zone) : Money = match z {{ centre => 0 €, outskirts => 50 €, rural => 100 € }}

table ceiling_for(b: Bike) -> Money first
  | b        | ceiling       |
  | electric | ceiling       |
  | cargo    | ceiling * 2   |
  | any      | ceiling / 2   |

eligible when
  poor_enough: income_per_share <= income_limit
  price > 0 €

amount = rate * price + bonus(zone) capped at ceiling_for(bike)

test "aid {0} pays a rich enough household nothing" {{
  given income = 90 000 €, shares = 1, bike = electric, price = 1 000 €, bought_on = 2024-05-01
  expect not eligible
}}
)",
                     i, level, 100 + (i % 7) * 50, 10 + (i % 5) * 5, 10'000 + (i % 9) * 1'000);
}

const char* const kQuestions = R"(# The questions every aid of the catalogue bench asks.
module questions "Shared questions"

enum Bike { electric, cargo, mechanical }
input income : Money "reference taxable income"
input shares : Decimal = 1 "tax shares"
input bike : Bike = electric
input price : Money
input bought_on : Date
)";

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

int main(int argc, char** argv) {
  size_t n = 400;
  fs::path dir;
  bool keep = false;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--keep" && a + 1 < argc) {
      dir = argv[++a];
      keep = true;
    } else {
      n = std::stoul(arg);
    }
  }
  if (dir.empty()) dir = fs::temp_directory_path() / fmt::format("bareme-catalogue-{}", ::getpid());
  fs::create_directories(dir);
  write(dir / "questions.bareme", kQuestions);
  std::string root = "# The root of the generated catalogue: every aid.\nmodule catalogue \"Generated catalogue\"\n\n";
  size_t lines = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string text = aid_file(i);
    lines += static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    write(dir / fmt::format("aid_{}.bareme", i), text);
    root += fmt::format("import \"aid_{}.bareme\"\n", i);
  }
  write(dir / "catalogue.bareme", root);

  const auto t0 = Clock::now();
  auto c = driver::compile_file((dir / "catalogue.bareme").string());
  const double check = seconds_since(t0);
  if (!c->ok()) {
    std::cerr << "the generated catalogue does not compile:\n";
    for (const auto& d : c->sink.diagnostics()) std::cerr << "  " << d.message << '\n';
    return 1;
  }
  const auto t1 = Clock::now();
  size_t refused = 0;
  // Held: the cache frees code that only it holds.
  std::vector<std::shared_ptr<const jit::CompiledScheme>> separate;
  for (ir::Index s = 0; s < c->program->schemes.size(); ++s) {
    auto compiled = jit::compile(*c->program, s);
    if (std::holds_alternative<jit::Refusal>(compiled)) ++refused;
    separate.push_back(compiled.index() == 0 ? std::get<0>(compiled) : nullptr);
  }
  const double jit_all = seconds_since(t1);
  jit::CompileOptions uncached;
  uncached.use_cache = false;
  const auto t2 = Clock::now();
  const auto catalogue = jit::compile_catalogue(*c->program, uncached);
  const double jit_one_module = seconds_since(t2);
  // Throughput: every aid over the same applications, one thread.
  auto rows_per_second = [&](auto function_of) {
    engine::Batch batch(*c->program);
    for (const auto& app : engine::random_applications(*c->program, 5'000, 1, true)) batch.append(app);
    engine::Outputs outputs;
    const auto t = Clock::now();
    for (ir::Index s = 0; s < c->program->schemes.size(); ++s)
      if (const auto f = function_of(s))  // a refused aid is counted below
        engine::run_compiled_into(f, batch, outputs, engine::output_shape(*c->program, s), 1);
    return static_cast<double>(batch.rows()) / seconds_since(t);
  };
  const double separate_rate =
      rows_per_second([&](ir::Index s) { return separate[s] ? separate[s]->function : nullptr; });
  const double catalogue_rate = rows_per_second([&](ir::Index s) {
    const auto* f = std::get_if<0>(&catalogue->schemes[s]);
    return f ? (*f)->function : nullptr;
  });
  size_t refused_together = 0;
  for (const auto& e : catalogue->schemes) refused_together += std::holds_alternative<jit::Refusal>(e);
  std::cout << "| aids | lines | parse + check | JIT, a module per aid | per aid | JIT, one module "
               "(compile_catalogue) | rows/s, every aid, a module per aid | rows/s, every aid, one module | refused |\n";
  std::cout << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  std::cout << fmt::format("| {} | {} | {:.3f} s | {:.3f} s | {:.2f} ms | {:.3f} s | {:.0f} | {:.0f} | {} |\n", n, lines,
                           check, jit_all, 1000 * jit_all / static_cast<double>(n), jit_one_module, separate_rate,
                           catalogue_rate, refused + refused_together);
  if (!keep) fs::remove_all(dir);
  return refused + refused_together == 0 ? 0 : 1;
}
