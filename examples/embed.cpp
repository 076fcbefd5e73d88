// Embeds a Barème evaluator: load a scheme, add applications, evaluate them with the JIT.
#include <bareme/bareme.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) return std::fprintf(stderr, "usage: embed SCHEME.bareme\n"), 2;
  auto loaded = bareme::Scheme::load(argv[1]);
  if (auto* problems = std::get_if<std::vector<bareme::Problem>>(&loaded)) {
    for (const auto& p : *problems) std::fprintf(stderr, "%s: %s\n", p.where.c_str(), p.message.c_str());
    return 1;
  }
  auto& scheme = std::get<bareme::Scheme>(loaded);
  bareme::Batch batch = scheme.batch();
  for (const char* region : {"occitanie", "bretagne"}) {
    auto problems = batch.add({{"beneficiary", "company"}, {"site_region", region}, {"v2g_stations", "2"},
                               {"v1g_stations", "1"}, {"filed_on", "2022-03-01"}, {"works_start", "2022-04-15"}});
    for (const auto& p : problems) std::fprintf(stderr, "%s: %s\n", p.where.c_str(), p.message.c_str());
  }
  auto results = batch.evaluate(bareme::Engine::Jit);
  if (auto* why = std::get_if<std::string>(&results)) return std::fprintf(stderr, "%s\n", why->c_str()), 1;
  for (const auto& r : std::get<std::vector<bareme::Result>>(results)) {
    std::printf("%s: eligible %s, amount %lld.%02lld €\n", scheme.name().c_str(), r.eligible ? "yes" : "no",
                static_cast<long long>(r.amount_cents / 100), static_cast<long long>(r.amount_cents % 100));
  }
  return 0;
}
