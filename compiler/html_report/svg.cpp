// Horizontal bar charts as inline SVG: a label, a bar scaled to the largest, the exact value.
#include <fmt/format.h>

#include <algorithm>

#include "html_report/html_report.hpp"

namespace bareme::html_report {
namespace {

constexpr int kWidth = 760, kLabel = 300, kBars = 330, kRow = 22, kBar = 16, kTop = 8;
constexpr int kNote = 14;  // the extra height of a bar with a note: its citation's own line

// At most `n` code points of `text`, with an ellipsis when cut.
std::string clipped(const std::string& text, size_t n) {
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++points > n) return text.substr(0, i) + "…";
  }
  return text;
}

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string svg_chart(const Chart& chart) {
  int height = kTop * 2 + std::max<int>(1, static_cast<int>(chart.bars.size())) * kRow;
  for (const auto& b : chart.bars)
    if (!b.note.empty()) height += kNote;
  std::string out = fmt::format(
      "<svg class=\"chart\" id=\"{}-svg\" role=\"img\" aria-labelledby=\"{}-title\" "
      "width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">"
      "<title id=\"{}-title\">{}</title>\n",
      escape(chart.id), escape(chart.id), kWidth, height, kWidth, height, escape(chart.id),
      escape(chart.title));
  if (chart.bars.empty()) {
    return out + fmt::format("<text x=\"{}\" y=\"{}\" class=\"empty\">nothing to show</text></svg>",
                             kLabel, kTop + 15);
  }
  double largest = 0;
  for (const auto& b : chart.bars) largest = std::max(largest, b.size);
  int y = kTop;
  for (const auto& b : chart.bars) {
    // A nonzero value keeps a visible bar, however small beside the largest.
    double w = largest > 0 ? b.size / largest * kBars : 0;
    if (b.size > 0) w = std::max(w, 1.5);
    const std::string tooltip = b.note.empty() ? b.label : b.label + "  § " + b.note;
    // The citation gets its own line under the label, whole: only the label is cut.
    const std::string note =
        b.note.empty() ? ""
                       : fmt::format(
                             "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"note\">§ {}"
                             "</text>",
                             kLabel - 8, y + 12 + kNote, escape(b.note));
    out += fmt::format(
        "<g class=\"bar\"><title>{}: {}{}</title>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>{}"
        "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" rx=\"2\"></rect>"
        "<text x=\"{:.1f}\" y=\"{}\" class=\"value\">{}</text></g>\n",
        escape(tooltip), escape(b.value), b.detail.empty() ? "" : escape("\n" + b.detail),
        kLabel - 8, y + 12, escape(clipped(b.label, 40)), note, kLabel, y, w, kBar, kLabel + w + 6,
        y + 12, escape(b.value));
    if (!b.note.empty()) y += kNote;
    y += kRow;
  }
  return out + "</svg>";
}

}  // namespace bareme::html_report
