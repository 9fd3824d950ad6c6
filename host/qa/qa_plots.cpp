#include "host/qa/qa_plots.h"

#include <algorithm>

#include "host/util/number_format.h"

namespace srtdose {

PlotSpec dvh_plot(const std::vector<Dvh>& dvhs, double bin_gy, const std::string& title) {
  PlotSpec p;
  p.title = title;
  p.x_label = "Dose (Gy)";
  p.y_label = "Volume (%)";
  for (const Dvh& d : dvhs) {
    PlotSeries s;
    s.label = d.name;
    for (const DvhBin& b : d.cumulative(std::max(bin_gy, d.max_gy / 400))) {
      s.x.push_back(b.dose_gy);
      s.y.push_back(100 * b.volume_cm3 / d.volume_cm3);
    }
    p.series.push_back(std::move(s));
  }
  return p;
}

PlotSpec bed_plot(const BedReport& b) {
  const double ab = b.target.effective_alpha_beta_gy();
  PlotSpec p;
  p.title = "Target BED per scheme (" + std::string(to_string(b.base.model)) + ", alpha/beta " +
            fixed(ab, 1) + " Gy)";
  p.x_label = "Number of fractions";
  p.y_label = "BED (Gy)";
  PlotSeries d98{"BED of D98%", {}, {}, false, true}, d50{"BED of D50%", {}, {}, false, true},
      isos{"iso-effective Rx", {}, {}, true, false};
  for (const SchemeResult& r : b.compared) {
    d98.x.push_back(r.scheme.fractions), d98.y.push_back(r.target.bed_d98_gy);
    d50.x.push_back(r.scheme.fractions), d50.y.push_back(r.target.bed_d50_gy);
  }
  for (const SchemeResult& r : b.iso_effective)
    isos.x.push_back(r.scheme.fractions), isos.y.push_back(r.target.bed_d50_gy);
  p.series = {d98, d50, isos};
  p.horizontal_lines.push_back(
      {"prescription BED " + fixed(b.iso_bed_gy, 1) + " Gy", b.iso_bed_gy});
  p.horizontal_lines.push_back({"BED 100 Gy", 100});
  return p;
}

}  // namespace srtdose
