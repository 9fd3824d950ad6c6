#include "host/check/html.h"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "host/io/svg_plot.h"

namespace srtdose {

std::string html_escape(const std::string& s) {
  return xml_escape(s);
}

std::string signed_pct(double v) {
  std::ostringstream o;
  o << std::showpos << std::fixed << std::setprecision(2) << v << " %";
  return o.str();
}

std::string grid_text(const Grid3& g) {
  return std::to_string(g.nx()) + " x " + std::to_string(g.ny()) + " x " + std::to_string(g.nz()) +
         ", " + fixed(g.spacing_mm().x, 2) + " x " + fixed(g.spacing_mm().y, 2) + " x " +
         fixed(g.spacing_mm().z, 2) + " mm";
}

HtmlReport::HtmlReport(std::string title) : title_(std::move(title)) {}

void HtmlReport::status(const std::string& s) {
  const std::string cls = s == "pass" ? "pass" : (s == "fail" || s == "error" ? "fail" : "other");
  body_ += "<p class=\"badge " + cls + "\">" + html_escape(s) + "</p>\n";
}

void HtmlReport::heading(const std::string& text) {
  body_ += "<h2>" + html_escape(text) + "</h2>\n";
}

void HtmlReport::text(const std::string& t) {
  body_ += "<p>" + html_escape(t) + "</p>\n";
}

void HtmlReport::key_values(const std::vector<std::pair<std::string, std::string>>& items) {
  body_ += "<table class=\"kv\">\n";
  for (const auto& [k, v] : items)
    body_ += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>\n";
  body_ += "</table>\n";
}

void HtmlReport::table(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<std::pair<std::size_t, std::string>>& column_marks) {
  body_ += "<table>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    body_ += "<tr>";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      std::string cls;
      for (const auto& [col, css] : column_marks)
        if (col == c && r > 0) cls = " class=\"" + css + "\"";
      const char* tag = r == 0 ? "th" : "td";
      body_ += std::string("<") + tag + cls + ">" + html_escape(rows[r][c]) + "</" + tag + ">";
    }
    body_ += "</tr>\n";
  }
  body_ += "</table>\n";
}

void HtmlReport::table_rows(const std::vector<std::vector<std::string>>& rows,
                            const std::vector<std::pair<std::size_t, std::string>>& row_marks) {
  body_ += "<table>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string cls;
    for (const auto& [row, css] : row_marks)
      if (row == r) cls = " class=\"" + css + "\"";
    body_ += "<tr" + cls + ">";
    for (const std::string& cell : rows[r]) {
      const char* tag = r == 0 ? "th" : "td";
      body_ += std::string("<") + tag + ">" + html_escape(cell) + "</" + tag + ">";
    }
    body_ += "</tr>\n";
  }
  body_ += "</table>\n";
}

void HtmlReport::images(const std::vector<std::string>& uris,
                        const std::vector<std::string>& captions) {
  body_ += "<div class=\"images\">\n";
  for (std::size_t i = 0; i < uris.size(); ++i)
    body_ += "<figure><img src=\"" + uris[i] + "\"><figcaption>" +
             html_escape(i < captions.size() ? captions[i] : "") + "</figcaption></figure>\n";
  body_ += "</div>\n";
}

void HtmlReport::raw(const std::string& html) {
  body_ += html + "\n";
}

void HtmlReport::add_css(const std::string& css) {
  if (css_.find(css) == std::string::npos) css_ += css + "\n";
}

std::string HtmlReport::str() const {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title_) +
         "</title>\n<style>\n"
         "body{font-family:sans-serif;margin:1.5em;max-width:1300px}\n"
         "table{border-collapse:collapse;margin:0.5em 0}\n"
         "td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}\n"
         "th{background:#eee}\n"
         ".kv th{width:10em}\n"
         ".pass{background:#d6f5d6}.warn{background:#fff2b3}.fail{background:#f9c6c6}\n"
         ".badge{display:inline-block;padding:4px 14px;font-weight:bold;border-radius:4px}\n"
         ".badge.other{background:#ddd}\n"
         ".images{display:flex;flex-wrap:wrap;gap:10px}\n"
         "figure{margin:0}img{max-width:400px;image-rendering:pixelated}\n" +
         css_ + "</style></head><body>\n<h1>" + html_escape(title_) + "</h1>\n" + body_ +
         "</body></html>\n";
}

}  // namespace srtdose
