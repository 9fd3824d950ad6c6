#include "host/qa/gamma_io.h"

#include <fstream>

#include "host/core/error.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "srtdose/config.h"

namespace srtdose {

nlohmann::json gamma_summary_json(const GammaResult& r, const GammaOptions& o) {
  return {{"criteria",
           {{"dd_percent", o.dd_percent},
            {"dta_mm", o.dta_mm},
            {"local", o.local},
            {"threshold_percent", o.threshold_percent},
            {"norm_dose_gy", r.norm_dose_gy},
            {"max_gamma", o.max_gamma},
            {"interp_fraction", o.interp_fraction}}},
          {"pass_rate_pct", r.pass_rate_pct},
          {"evaluated", r.evaluated},
          {"passed", r.passed},
          {"no_data", r.no_data},
          {"mean", r.mean},
          {"median", r.median},
          {"max", r.max},
          {"histogram", {{"bin_width", r.histogram_bin}, {"counts", r.histogram}}},
          {"device", std::string(to_string(r.device))},
          {"seconds", r.seconds},
          {"srtdose_version", SRTDOSE_VERSION}};
}

void write_gamma_hdf5(const std::filesystem::path& path, const GammaResult& r,
                      const GammaOptions& o) {
  AtomicOutput out(path);
  {
    H5File f = H5File::create(out);
    f.write_attr("/", "srtdose_version", std::string(SRTDOSE_VERSION));
    f.write_attr("/", "criteria", o.describe());
    f.write_attr("/", "pass_rate_pct", r.pass_rate_pct);
    f.write_attr("/", "mean", r.mean);
    f.write_attr("/", "median", r.median);
    f.write_attr("/", "max", r.max);
    f.write_attr("/", "evaluated", r.evaluated);
    f.write_attr("/", "passed", r.passed);
    f.write_attr("/", "no_data", r.no_data);
    f.write_attr("/", "norm_dose_gy", r.norm_dose_gy);
    f.write_attr("/", "device", std::string(to_string(r.device)));
    f.write_volume("/gamma", r.gamma);
    f.write_vector("/histogram", r.histogram);
    f.write_attr("/histogram", "bin_width", r.histogram_bin);
    f.close();
  }
  out.commit();
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  AtomicOutput out(path);
  {
    std::ofstream f(out.temp_path());
    f << text;
    f.close();
    if (!f) throw IoError(path.string() + ": cannot write");
  }
  out.commit();
}

}  // namespace srtdose
