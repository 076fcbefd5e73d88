// The workspace's state, shared by the files that implement its queries.
#pragma once

#include <map>
#include <set>
#include <string>

#include "editor_index.hpp"

namespace bareme::editor {

struct Workspace::State {
  Options options;
  std::map<std::string, std::string> open;       // canonical path → text of each open document
  std::set<std::string> dirty;                   // edited since the last refresh
  std::map<std::string, ProgramIndex> programs;  // by root: one per open document

  // The program that best describes `path`: the one it roots, else one whose closure holds it.
  const ProgramIndex* program_of(const std::string& path) const;
  const FileIndex* file(const std::string& path) const;
  const Symbol* symbol(const std::string& key, const std::string& near) const;
  // The key of the symbol named or declared at `at`, or "".
  std::string key_at(const std::string& path, Position at, Range* name_range = nullptr) const;
  std::vector<Location> uses(const std::string& key) const;
};

}  // namespace bareme::editor
