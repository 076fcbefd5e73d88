// Compiling one scheme: lowering, optimisation, code generation in the process's JIT, and the
// cache of compiled code.
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>

#include "jit/cache.hpp"
#include "jit/host.hpp"
#include "jit/jit.hpp"
#include "jit/lowering.hpp"

namespace bareme::jit {
namespace {

class JitCompiledScheme : public CompiledScheme {};

struct Lowered {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
};

// Lowers and optimises; a refusal when the scheme is not supported or LLVM refuses it.
std::variant<Lowered, Refusal> lower(const ir::Program& program, ir::Index scheme,
                                     const CompileOptions& options) {
  llvm::TargetMachine* machine = host().machine.get();
  if (machine == nullptr) return Refusal{host().failure, {}};
  Lowered out;
  out.context = std::make_unique<llvm::LLVMContext>();
  out.module =
      std::make_unique<llvm::Module>("bareme." + program.schemes[scheme].name, *out.context);
  out.module->setDataLayout(machine->createDataLayout());
  out.module->setTargetTriple(machine->getTargetTriple().str());
  Lowerer lowerer(*out.context, *out.module, program, options.param_overrides,
                  options.all_inputs_present);
  if (auto unsupported = lowerer.lower_batch_function({NodeKind::Scheme, scheme}, "bareme_batch"))
    return Refusal{"the JIT cannot compile " + unsupported->what, unsupported->span};
  std::string broken;
  llvm::raw_string_ostream report(broken);
  if (llvm::verifyModule(*out.module, &report))
    return Refusal{"internal error: the lowered module is invalid: " + broken, {}};
  if (options.opt_level > 0) optimise(*out.module, *machine);
  return out;
}

CompiledCache<CompiledScheme>& scheme_cache() {
  static CompiledCache<CompiledScheme> cache(kCachedUnusedSchemes);
  return cache;
}

}  // namespace

std::string cache_suffix(const std::string& what, const CompileOptions& options) {
  std::string key = "\n#" + what + " O" + std::to_string(options.opt_level) +
                    (options.all_inputs_present ? " dense" : "");
  for (size_t i = 0; i < options.param_overrides.size(); ++i) {
    if (const auto& v = options.param_overrides[i]) {
      key += "\n#override " + std::to_string(i) + " " + std::to_string(v->scalar) + " " +
             std::to_string(v->duration.months) + " " + std::to_string(v->duration.days) + " " +
             (v->text ? *v->text : "");
    }
  }
  return key;
}

std::string scheme_cache_suffix(ir::Index scheme, const CompileOptions& options) {
  return cache_suffix("scheme " + std::to_string(scheme), options);
}

void remember_scheme(const ir::Program& program, ir::Index scheme, const CompileOptions& options,
                     std::shared_ptr<const CompiledScheme> compiled) {
  scheme_cache().store(program, scheme_cache_suffix(scheme, options), std::move(compiled));
}

std::variant<std::string, std::string> llvm_ir(const ir::Program& program, ir::Index scheme,
                                               const CompileOptions& options) {
  std::lock_guard lock(jit_mutex());
  auto lowered = lower(program, scheme, options);
  if (auto* error = std::get_if<Refusal>(&lowered))
    return std::variant<std::string, std::string>(std::in_place_index<1>, error->message);
  std::string text;
  llvm::raw_string_ostream os(text);
  std::get<Lowered>(lowered).module->print(os, nullptr);
  return std::variant<std::string, std::string>(std::in_place_index<0>, text);
}

std::variant<std::shared_ptr<const CompiledScheme>, Refusal> compile(
    const ir::Program& program, ir::Index scheme, const CompileOptions& options) {
  std::lock_guard lock(jit_mutex());
  const std::string suffix = scheme_cache_suffix(scheme, options);
  if (options.use_cache) {
    if (auto hit = scheme_cache().find(program, suffix)) return hit;
  }
  const auto started = std::chrono::steady_clock::now();
  auto lowered = lower(program, scheme, options);
  if (auto* error = std::get_if<Refusal>(&lowered)) return *error;
  Lowered& l = std::get<Lowered>(lowered);
  size_t instructions = 0;
  for (const auto& f : *l.module) instructions += f.getInstructionCount();
  const bool fast = options.opt_level == 0 || instructions > kFastSelectionAbove;
  llvm::orc::LLJIT* jit = fast ? host().fast_jit.get() : host().jit.get();
  if (jit == nullptr) return Refusal{host().failure, {}};
  auto dylib = new_dylib(*jit);
  if (auto* refusal = std::get_if<Refusal>(&dylib)) return *refusal;
  widen_narrow_selects(*l.module);  // code generation only: `--dump=llvm` shows the lowering
  const std::shared_ptr<Library>& library = std::get<std::shared_ptr<Library>>(dylib);
  if (auto e = jit->addIRModule(
          library->dylib, llvm::orc::ThreadSafeModule(std::move(l.module), std::move(l.context)))) {
    return Refusal{to_string(std::move(e)), {}};
  }
  auto symbol = jit->lookup(library->dylib, "bareme_batch");
  if (!symbol) return Refusal{to_string(symbol.takeError()), {}};
  auto compiled = std::make_shared<JitCompiledScheme>();
  compiled->function = symbol->toPtr<runtime::BatchFunction>();
  compiled->code = library;
  compiled->instructions = instructions;
  compiled->fast_selection = fast;
  for (const auto& c : program.combines) {
    if (c.module == program.schemes[scheme].module) compiled->aid_count += c.aids.size();
  }
  compiled->compile_microseconds = std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count();
  if (options.use_cache) scheme_cache().store(program, suffix, compiled);
  return std::shared_ptr<const CompiledScheme>(compiled);
}

}  // namespace bareme::jit
