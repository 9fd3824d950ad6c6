// Gamma results on disk: HDF5 (/gamma map, /histogram, summary attributes) and JSON summary.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "host/qa/gamma.h"

namespace srtdose {

/// The summary of a gamma analysis as JSON (criteria, pass rate, statistics, histogram).
nlohmann::json gamma_summary_json(const GammaResult& r, const GammaOptions& o);

/// Writes /gamma (float32 on the reference grid, NaN where not evaluated), /histogram (int64
/// counts, attribute bin_width; last bin = overflow) and the summary as root attributes.
void write_gamma_hdf5(const std::filesystem::path& path, const GammaResult& r,
                      const GammaOptions& o);

/// Writes text to a file atomically.
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace srtdose
