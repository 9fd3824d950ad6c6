// A self-contained HTML report (inline CSS, images as data URIs, SVG inline): the building
// blocks the plan-check reports and the batch index share.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "host/core/grid3.h"
#include "host/util/number_format.h"

namespace srtdose {

std::string html_escape(const std::string& s);
/// "+1.23 %" / "-0.40 %".
std::string signed_pct(double v);
/// "nx x ny x nz, sx x sy x sz mm".
std::string grid_text(const Grid3& g);

class HtmlReport {
 public:
  explicit HtmlReport(std::string title);
  /// A coloured badge: pass (green), fail or error (red), anything else (grey).
  void status(const std::string& s);
  /// Every text (headings, paragraphs, cells, captions, the title) is escaped here; only raw()
  /// and the images' data URIs are written as given.
  void heading(const std::string& text);
  void text(const std::string& text);
  void key_values(const std::vector<std::pair<std::string, std::string>>& items);
  /// First row is the header; columns in `marks` get the CSS class (pass, warn, fail).
  void table(const std::vector<std::vector<std::string>>& rows,
             const std::vector<std::pair<std::size_t, std::string>>& column_marks);
  /// Same, with whole rows marked.
  void table_rows(const std::vector<std::vector<std::string>>& rows,
                  const std::vector<std::pair<std::size_t, std::string>>& row_marks);
  void images(const std::vector<std::string>& data_uris, const std::vector<std::string>& captions);
  void raw(const std::string& html);
  /// Extra CSS for the page (added once however often it is given).
  void add_css(const std::string& css);
  std::string str() const;

 private:
  std::string title_, body_, css_;
};

}  // namespace srtdose
