// `bareme score` over many inputs: a folder or a glob of shards, each scored to its own output.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bareme::tools {

// The files the `--input` values name, in order: a folder gives its .csv, .jsonl and .ndjson
// files, a pattern with * ? or [ the files it matches (each sorted by name), a path itself.
// `many` is set when a folder or a pattern was given, or several values. Nothing, with `error`,
// when a folder or a pattern gives no file.
std::optional<std::vector<std::string>> expand_inputs(const std::vector<std::string>& values,
                                                      bool& many, std::string& error);

// Where a shard's rows (or summary) go in folder `folder`: the input's name with extension
// `extension` ("csv", "jsonl", "summary.json").
std::string shard_output(const std::string& folder, const std::string& input,
                         const std::string& extension);

}  // namespace bareme::tools
