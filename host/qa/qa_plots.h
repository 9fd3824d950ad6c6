// The plots of plan QA as plot specifications (SVG by host/io/svg_plot.h).
#pragma once

#include <string>
#include <vector>

#include "host/io/svg_plot.h"
#include "host/qa/dvh.h"
#include "host/qa/qa_request.h"

namespace srtdose {

/// Cumulative DVHs in % of each structure's volume, bins of at least bin_gy.
PlotSpec dvh_plot(const std::vector<Dvh>& dvhs, double bin_gy, const std::string& title);

/// Target BED of D98 and D50 per compared scheme, the iso-effective prescriptions, and lines
/// at the iso-effective BED and at 100 Gy.
PlotSpec bed_plot(const BedReport& bed);

}  // namespace srtdose
