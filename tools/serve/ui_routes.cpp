// `bareme serve --ui`: the web playground's pages and files under /ui/, from the embedded copy of
// tools/serve/ui/ (docs/playground.md). The pages carry no data: they need no token.
#include <string>
#include <string_view>

#include "service.hpp"
#include "ui_assets.hpp"

namespace bareme::serve {
namespace {

const char* content_type(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

const UiAsset* find_asset(std::string_view name) {
  for (const auto& a : ui_assets())
    if (a.name == name) return &a;
  return nullptr;
}

// The headers of every answer under /ui/: no sniffing, only the service's own scripts.
void secure(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
}

void send_asset(httplib::Response& res, const UiAsset& a) {
  res.set_content(std::string(a.bytes), content_type(a.name));
  secure(res);
  res.set_header("Cache-Control", "no-cache");
}

// An HTML page saying what was not found, with a way back to the list of schemes.
void send_missing_page(httplib::Response& res, const std::string& what) {
  std::string escaped;
  for (char c : what) {
    switch (c) {
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '&':
        escaped += "&amp;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  res.status = 404;
  res.set_content(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found — "
      "Barème playground</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" "
      "href=\"/ui/style.css\"></head>\n"
      "<body><main><h1>Not found</h1><p role=\"alert\">" +
          escaped + "</p><p><a href=\"/ui/\">All schemes</a></p></main></body></html>\n",
      "text/html; charset=utf-8");
  secure(res);
}

}  // namespace

bool is_ui_path(const std::string& path) {
  return path == "/ui" || path.rfind("/ui/", 0) == 0;
}

void add_ui_routes(httplib::Server& server, Service& s) {
  server.Get("/ui", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/ui/", 301);
  });
  server.Get(R"(/ui/(.*))", [&s](const httplib::Request& req, httplib::Response& res) {
    const std::string rest = req.matches[1];
    const UiAsset* index = find_asset("index.html");
    if (rest.empty() && index) return send_asset(res, *index);
    // /ui/scheme/NAME (the form) and /ui/doc/NAME (the documentation): the page, which loads
    // the scheme through the API. Without a token, an unknown scheme is told at once.
    for (std::string_view page : {"scheme/", "doc/"}) {
      if (rest.rfind(page, 0) != 0 || !index) continue;
      const std::string name = rest.substr(page.size());
      if (name.empty() || name.find('/') != std::string::npos)
        return send_missing_page(res, "no page " + req.path);
      if (s.options.token.empty() && !s.registry.current()->schemes.count(name))
        return send_missing_page(res, "no scheme named '" + name + "' is served");
      return send_asset(res, *index);
    }
    if (const UiAsset* a = rest.find('/') == std::string::npos ? find_asset(rest) : nullptr)
      return send_asset(res, *a);
    send_missing_page(res, "no page " + req.path);
  });
}

}  // namespace bareme::serve
