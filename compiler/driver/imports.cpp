// Import resolution and file reading.
#include "driver/imports.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace bareme::driver {

namespace fs = std::filesystem;

std::string display_path(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (!p.is_absolute()) return path;
  const fs::path relative = p.lexically_relative(fs::current_path(ec));
  if (ec || relative.empty() || *relative.begin() == "..") return path;
  return relative.string();
}

namespace {

// Why a file of this kind is not read as a scheme file, or nothing for a regular file.
const char* not_a_file(mode_t mode) {
  if (S_ISREG(mode)) return nullptr;
  if (S_ISDIR(mode)) return "it is a folder";
  if (S_ISFIFO(mode)) return "it is a FIFO (a named pipe), not a file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device, not a file";
  if (S_ISSOCK(mode)) return "it is a socket, not a file";
  return "it is not a regular file";
}

std::string open_error(int error) {
  if (error == ENOENT || error == ENOTDIR) return "no such file";
  if (error == EACCES || error == EPERM) return "permission denied";
  return std::strerror(error);
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  // Only regular files are read: a device never ends and a FIFO may never open. The kind is
  // checked before opening, then again on what was opened (without blocking, should a FIFO
  // have taken the file's place), and the size limit is enforced while reading.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = open_error(errno);
    return std::nullopt;
  }
  if (const char* why = not_a_file(st.st_mode)) {
    error = why;
    return std::nullopt;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = open_error(errno);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0 || not_a_file(st.st_mode)) {
    error = not_a_file(st.st_mode) ? not_a_file(st.st_mode) : "it cannot be read";
    return std::nullopt;
  }
  std::string text;
  text.reserve(std::min<size_t>(static_cast<size_t>(std::max<off_t>(st.st_size, 0)), kMaxFileBytes) + 1);
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = fmt::format("it cannot be read: {}", std::strerror(errno));
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > kMaxFileBytes) {
      error = "it is larger than 16 MB";
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::string> resolve_import(const std::string& importer, const std::string& target,
                                          const Options& options, std::vector<std::string>& tried) {
  std::vector<fs::path> roots;
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(importer), ec).parent_path();
  while (!dir.empty()) {
    roots.push_back(dir);
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  for (const auto& p : options.library_paths) roots.emplace_back(p);
  if (const char* env = std::getenv("BAREME_PATH")) {
    std::stringstream paths(env);
    std::string item;
    while (std::getline(paths, item, ':')) {
      if (!item.empty()) roots.emplace_back(item);
    }
  }
  // The library installed beside the executable: PREFIX/bin/bareme finds PREFIX/share/bareme.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) roots.push_back(exe.parent_path().parent_path() / "share" / "bareme");
  if (fs::path(target).is_absolute()) roots = {fs::path("/")};
  for (const auto& root : roots) {
    const fs::path candidate = (root / target).lexically_normal();
    tried.push_back(root.string());
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  return std::nullopt;
}

}  // namespace bareme::driver
