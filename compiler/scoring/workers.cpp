// The scoring workers: read, evaluate and format one block at a time.
#include "scoring/workers.hpp"

#include "scoring/range_detail.hpp"

namespace bareme::scoring {

void Work::run(Job& job) const {
  reader.read(job.chunk);
  readers::Chunk& c = job.chunk;
  engine::prepare_outputs(job.outputs, c.good_rows(), shape);
  if (c.batch && c.batch->rows() == 0) {
    // Only error rows or blank lines: nothing to evaluate, no variant to compile for it.
  } else if (c.batch) {
    c.batch->set_as_of(options.as_of);
    if (const auto function = jit->for_block(*c.batch)) {
      engine::run_prepared(function, *c.batch, job.outputs, 1);
    } else {  // the variant this block needs could not be compiled (LLVM failed)
      for (size_t r = 0; r < c.batch->rows(); ++r) {
        interp::Application app = engine::application_of(program, *c.batch, r);
        interpret(app, job.outputs, r);
      }
    }
  } else {
    for (size_t r = 0; r < c.apps.size(); ++r) interpret(c.apps[r], job.outputs, r);
  }
  if (format) {
    for (const int32_t row : c.rows) {
      if (row < 0) {
        format->error_row(c.errors[static_cast<size_t>(-row - 1)], job.text);
      } else {
        const auto r = static_cast<size_t>(row);
        // A row that cannot be decided says why: the inputs out of range, the parameter the
        // engine named (`parameter `cap` has no value on 2021-11-01`), or else the interpreter's
        // message, from running it again on the row (rare).
        std::string detail;
        const uint8_t code = job.outputs.error[r];
        if (code == static_cast<uint8_t>(runtime::ErrorCode::InputOutOfRange))
          detail = c.batch ? out_of_range_inputs(program, *c.batch, r) : out_of_range_inputs(program, c.apps[r]);
        else if (const int64_t named = job.outputs.error_detail[r]; named != 0)
          detail = param_error_message(code, named);
        else if (code != 0)
          detail = error_message(c.batch ? engine::application_of(program, *c.batch, r) : c.apps[r], code);
        format->result_row(job.outputs, r, job.text, job.failed_texts, detail);
      }
      job.ends.push_back(static_cast<uint32_t>(job.text.size()));
    }
  }
  c.apps.clear();
}

std::string Work::error_message(interp::Application app, uint8_t code) const {
  if (options.as_of) app.as_of = options.as_of;
  app.param_overrides = options.param_overrides;
  interp::Options quiet;
  quiet.outputs = false;
  const auto result = interp::evaluate(program, scheme, app, quiet);
  // The engines agree on the code (fuzz-diff); a message of another code is not this row's.
  if (!result.error || static_cast<uint8_t>(result.error->code) != code) return "";
  return result.error->message;
}

// The message of an error about a parameter the compiled function named: the interpreter's
// words, without running it (for a scheme whose dates fall outside a parameter's periods, that
// is a share of every block).
std::string Work::param_error_message(uint8_t code, int64_t detail) const {
  const auto error = static_cast<runtime::ErrorCode>(code);
  return interp::param_error_message(program, error, runtime::detail_param(detail),
                                     runtime::detail_date(detail));
}

void Work::interpret(interp::Application& app, engine::Outputs& out, size_t r) const {
  if (options.as_of) app.as_of = options.as_of;
  app.param_overrides = options.param_overrides;
  const auto row = engine::interpreter_row(program, scheme, app);
  out.error[r] = row.error;
  out.eligible[r] = row.eligible;
  out.amount[r] = row.amount;
  out.error_detail[r] = row.error_detail;
  std::copy(row.failed.begin(), row.failed.end(),
            out.failed.begin() + static_cast<ptrdiff_t>(r * out.failed_words));
  for (size_t a = 0; a < row.aid_before.size() && a < shape.aids; ++a) {
    out.aid_before[a][r] = row.aid_before[a];
    out.aid_after[a][r] = row.aid_after[a];
  }
  for (size_t k = 0; k < row.output_errors.size() && k < shape.outputs; ++k) {
    out.output_words[k][2 * r] = row.output_words[2 * k];
    out.output_words[k][2 * r + 1] = row.output_words[2 * k + 1];
    out.output_errors[k][r] = row.output_errors[k];
  }
}

Workers::Workers(std::function<void(Job&)> work, unsigned count) : work_(std::move(work)) {
  for (unsigned t = 0; t < count; ++t) threads_.emplace_back([this] { loop(); });
}

Workers::~Workers() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void Workers::submit(Job* job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_one();
}

void Workers::wait(Job* job) {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return job->done; });
}

void Workers::loop() {
  while (true) {
    Job* job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = queue_.front();
      queue_.pop_front();
    }
    work_(*job);
    {
      std::lock_guard lock(mutex_);
      job->done = true;
    }
    done_.notify_all();
  }
}

}  // namespace bareme::scoring
