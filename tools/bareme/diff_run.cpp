// `bareme diff`'s report: each question of each target answered, its witness confirmed by both
// engines, as text or JSON.
#include "diff_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "diff_answer.hpp"
#include "diff_confirm.hpp"
#include "prove/same_cone.hpp"
#include "report/results.hpp"

namespace bareme::tools {
namespace {

std::string names(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "`" : ", `") + i + "`";
  return out;
}

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int run_diff(DiffVersion& o, DiffVersion& n, const DiffRun& run, std::ostream& out,
             std::ostream& err) {
  const auto match = prove::match_inputs(*o.program, *n.program);
  if (match.common.empty()) {
    const auto listed = [](const std::vector<std::string>& items) {
      return items.empty() ? std::string("none") : names(items);
    };
    err << fmt::format(
        "bareme diff: {} and {} have no input in common: no application can be compared on both "
        "(only in the old version: {}; only in the new version: {}; of one name but another "
        "type: {})\n",
        run.old_label, run.new_label, listed(match.old_only), listed(match.new_only),
        listed(match.different_type));
    return 2;
  }
  std::vector<std::string> one_side;
  std::vector<std::string> known;
  const auto targets = diff_targets(o, n, one_side, run.only, known);
  for (const auto& name : run.only) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const std::string quoted = "`" + name + "`:";
      const auto side = std::find_if(one_side.begin(), one_side.end(), [&](const std::string& s) {
        return s.find(quoted) != std::string::npos;
      });
      if (side != one_side.end()) {
        err << fmt::format("bareme diff: --only {}: nothing to compare, {}\n", name, *side);
        return 2;
      }
      std::string listed;
      for (size_t k = 0; k < known.size() && k < 10; ++k)
        listed += (k ? ", `" : "`") + known[k] + "`";
      if (known.size() > 10) listed += fmt::format(" and {} more", known.size() - 10);
      err << fmt::format(
          "bareme diff: --only {}: both versions declare no such scheme, aid or "
          "level (they compare {})\n",
          name, listed);
      return 2;
    }
  }
  if (targets.empty()) {
    err << fmt::format("bareme diff: {} and {} have no scheme, aid or level in common\n",
                       run.old_label, run.new_label);
    return 2;
  }
  // Each version's JIT is compiled when a witness is first confirmed (a catalogue takes seconds).
  std::optional<DiffEngine> old_jit, new_jit;
  std::optional<prove::SameCone> cone;
  std::vector<std::string> unchanged;
  double comparing = 0, solving = 0, compiling = 0;
  const auto started = std::chrono::steady_clock::now();
  int status = 0;
  std::string json = fmt::format(
      "{{\"old\": {}, \"new\": {}, \"inputs\": {{\"old_only\": {}, \"new_only\": {}, "
      "\"different_type\": {}}}, \"one_side\": {}, \"targets\": [",
      json_quoted(run.old_label), json_quoted(run.new_label), json_strings(match.old_only),
      json_strings(match.new_only), json_strings(match.different_type), json_strings(one_side));
  if (!run.json) {
    out << fmt::format("bareme diff: {} → {}\n", run.old_label, run.new_label);
    if (!match.old_only.empty())
      out << fmt::format("inputs only in the old version: {}\n", names(match.old_only));
    if (!match.new_only.empty())
      out << fmt::format("inputs only in the new version: {}\n", names(match.new_only));
    if (!match.different_type.empty())
      out << fmt::format("inputs whose type differs (compared as two inputs): {}\n",
                         names(match.different_type));
    for (const auto& s : one_side) out << s << "\n";
  }
  // Aids first, then levels, then the root scheme: a level changes where one of its aids does,
  // and an aid's witness is tried first for the levels (DiffHint). Printed in the targets' order.
  std::vector<size_t> order(targets.size());
  for (size_t t = 0; t < order.size(); ++t) order[t] = t;
  const auto rank = [&](size_t t) {
    return targets[t].kind == "aid" ? 0 : targets[t].kind == "level" ? 1 : 2;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rank(a) < rank(b); });
  std::vector<std::string> texts(targets.size()), jsons(targets.size());
  // Witnesses confirmed so far, by question, with the target they answer: a level tries those of
  // its members first, the root scheme those of every target.
  std::vector<std::pair<std::string, prove::DiffHint>> witnesses[std::size(prove::kQuestions)];
  for (const size_t t : order) {
    const auto& target = targets[t];
    std::ostringstream tout;
    std::string tjson;
    struct Keep {  // the target's report, kept when its loop ends
      std::ostringstream& text;
      std::string& json;
      std::string &text_to, &json_to;
      ~Keep() {
        text_to = text.str();
        json_to = std::move(json);
      }
    } keep{tout, tjson, texts[t], jsons[t]};
    const auto& oo = o.program->schemes[o.host].outputs;
    const auto& no = n.program->schemes[n.host].outputs;
    const prove::DiffSide os{o.program, o.host, oo[target.old_output].value.get(),
                             oo[target.old_output + 1].value.get(), o.as_of};
    const prove::DiffSide ns{n.program, n.host, no[target.new_output].value.get(),
                             no[target.new_output + 1].value.get(), n.as_of};
    const auto compared = std::chrono::steady_clock::now();
    if (!cone) cone.emplace(os, ns);
    // The same definitions in both versions: no application's result can change.
    const bool same = cone->same(*os.eligible, *ns.eligible) && cone->same(*os.amount, *ns.amount);
    comparing += since(compared);
    if (same) {
      // Never confirmed: its outputs cost the JIT nothing (the literals false and 0 €).
      for (auto* v : {&o, &n}) {
        auto& outs = v->program->schemes[v->host].outputs;
        const size_t at = v == &o ? target.old_output : target.new_output;
        outs[at].value->node = ir::Literal{};
        outs[at + 1].value->node = ir::Literal{};
        v->program->dump_for_cache.reset();
      }
    }
    if (run.json)
      tjson += fmt::format("\n  {{\"kind\": {}, \"name\": {}, \"unchanged\": {}, \"questions\": [",
                           json_quoted(target.kind), json_quoted(target.name), same);
    else if (same)
      unchanged.push_back(fmt::format("{} `{}`", target.kind, target.name));
    else
      tout << fmt::format("{} `{}`:\n", target.kind, target.name);
    if (same) {
      for (size_t q = 0; run.json && q < std::size(prove::kQuestions); ++q)
        tjson += fmt::format("{}\n    {{\"question\": {}, \"verdict\": \"none\"}}", q ? "," : "",
                             json_quoted(prove::question_name(prove::kQuestions[q])));
      if (run.json) tjson += "]}";
      continue;
    }
    for (size_t q = 0; q < std::size(prove::kQuestions); ++q) {
      const prove::Question question = prove::kQuestions[q];
      prove::DiffOptions options = run.solver;
      if (target.kind != "aid") {
        const auto members = level_members(o, n, target.name);
        for (const auto& [name, hint] : witnesses[q]) {
          if (options.hints.size() < 4 && (target.kind == "scheme" || members.count(name)))
            options.hints.push_back(hint);
        }
      }
      DiffAnswer a{question, prove::diff(os, ns, question, options)};
      const prove::DiffVerdict& v = a.verdict;
      solving += v.seconds;
      a.word = v.kind == prove::Kind::Proved           ? "none"
               : v.kind == prove::Kind::Counterexample ? "witness"
                                                       : "unknown";
      a.head = v.kind == prove::Kind::Proved ? "none (proved)" : a.word;
      if (v.kind == prove::Kind::Proved && v.list_bound)
        a.head = fmt::format("none (proved with lists bounded at {})", *v.list_bound);
      if (v.kind == prove::Kind::Unknown) {
        const DiffVersion& side = v.new_side ? n : o;
        a.where = side.sources ? report::location(*side.sources, v.span) : "";
        a.detail = fmt::format("{}: {}{}", prove::reason_name(v.reason), v.detail,
                               a.where.empty() ? "" : " (" + a.where + ")");
      }
      if (v.kind == prove::Kind::Counterexample) {
        const auto compile = std::chrono::steady_clock::now();
        if (!old_jit) old_jit = compile_version(o);
        if (!new_jit) new_jit = compile_version(n);
        compiling += since(compile);
        a.old_check = check_side(o, *old_jit, target.old_output, v.old_situation, v.old_eligible,
                                 v.old_amount);
        a.new_check = check_side(n, *new_jit, target.new_output, v.new_situation, v.new_eligible,
                                 v.new_amount);
        const SideCheck &oc = a.old_check, &nc = a.new_check;
        if (!oc.agree || !nc.agree) {
          a.word = a.head = "internal error";
          const std::string path =
              fmt::format("{}-{}-{}.json", run.saved_prefix, getpid(), t * 4 + q);
          std::ofstream(path) << v.situation << "\n";
          err << fmt::format(
              "bareme diff: internal error: the solver's witness for `{}` {} is not confirmed "
              "(solver: old {}, {}, new {}, {}; old: interpreter {}, JIT {}; new: interpreter "
              "{}, JIT {}); the situation is saved in {}\n",
              target.name, prove::question_name(question),
              v.old_eligible ? "eligible" : "not eligible", runtime::format_money(v.old_amount),
              v.new_eligible ? "eligible" : "not eligible", runtime::format_money(v.new_amount),
              oc.interp, oc.jit.empty() ? "not run" : oc.jit, nc.interp,
              nc.jit.empty() ? "not run" : nc.jit, path);
        } else {
          a.differs = differing_values(o, oc.app, n, nc.app, 12);
          witnesses[q].push_back({target.name, {oc.app, nc.app}});
        }
      }
      if (v.kind != prove::Kind::Proved) status = 1;
      if (run.json)
        tjson += (q ? ",\n    " : "\n    ") + answer_json(a, run.time, run.solver.maximise);
      else
        tout << answer_text(a, run.time, run.solver.maximise);
    }
    if (run.json) tjson += "]}";
  }
  for (size_t t = 0; t < targets.size(); ++t) {
    out << texts[t];
    json += (t ? "," : "") + jsons[t];
  }
  const std::string times = fmt::format(
      "{{\"total\": {:.3f}, \"comparing\": {:.3f}, \"solving\": {:.3f}, \"compiling\": {:.3f}}}",
      since(started), comparing, solving, compiling);
  if (run.json) {
    out << json << "\n]" << (run.time ? ", \"seconds\": " + times : "") << "}\n";
  } else if (!unchanged.empty()) {
    std::string listed;
    for (size_t k = 0; k < unchanged.size() && k < 10; ++k)
      listed += (k ? ", " : "") + unchanged[k];
    if (unchanged.size() > 10) listed += fmt::format(" and {} more", unchanged.size() - 10);
    out << fmt::format(
        "unchanged (the same definitions in both versions: no application becomes eligible, loses "
        "eligibility or gets another amount): {}\n",
        listed);
  }
  if (run.time && !run.json)
    out << fmt::format(
        "time: {:.3f} s after loading: {:.3f} s comparing definitions, {:.3f} s encoding and "
        "solving, {:.3f} s compiling both versions for the JIT\n",
        since(started), comparing, solving, compiling);
  return status;
}

}  // namespace bareme::tools
