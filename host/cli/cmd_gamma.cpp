// `srtdose gamma REF.h5 EVAL.h5`: gamma analysis of two dose files.
#include <iomanip>

#include "host/cli/commands.h"
#include "host/io/hdf5_file.h"
#include "host/qa/gamma_io.h"

namespace srtdose::cli {

namespace {
struct GammaArgs {
  std::string ref, eval, ref_dataset = "dose", eval_dataset = "dose", output, json,
                         preset = "tg218";
  std::string device = "auto";
  double dd = 3, dta = 2, threshold = 10, norm = 0, max_gamma = 0;
  int interp_fraction = 10;
  bool local = false;
};
}  // namespace

void add_gamma_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand(
      "gamma", "Gamma analysis of an evaluated dose against a reference dose (HDF5 files)");
  auto a = std::make_shared<GammaArgs>();
  sub->add_option("reference", a->ref, "Reference dose file (HDF5)")->required();
  sub->add_option("evaluated", a->eval, "Evaluated dose file (HDF5)")->required();
  sub->add_option("--ref-dataset", a->ref_dataset, "Dataset in the reference file")
      ->capture_default_str();
  sub->add_option("--eval-dataset", a->eval_dataset, "Dataset in the evaluated file")
      ->capture_default_str();
  sub->add_option("--preset", a->preset, "tg218 (3%/2mm), 2%/2mm or 2%/1mm; global, 10% threshold")
      ->capture_default_str();
  CLI::Option* dd = sub->add_option("--dd", a->dd, "Dose-difference criterion (%)");
  CLI::Option* dta = sub->add_option("--dta", a->dta, "Distance to agreement (mm)");
  CLI::Option* thr =
      sub->add_option("--threshold", a->threshold, "Lower dose threshold (% of normalisation)");
  CLI::Option* local =
      sub->add_flag("--local", a->local, "Local gamma (dose criterion relative to the local dose)");
  CLI::Option* norm = sub->add_option("--norm", a->norm,
                                      "Global normalisation dose (Gy); default: reference maximum");
  CLI::Option* cap = sub->add_option(
      "--max-gamma", a->max_gamma, "Stop searching at this gamma (reported as the cap; default 2)");
  sub->add_option("--interp-fraction", a->interp_fraction, "Search step = DTA / this")
      ->capture_default_str();
  sub->add_option("-o,--output", a->output, "Write the gamma map and histogram (HDF5)");
  sub->add_option("--json", a->json, "Write the summary (JSON)");
  sub->add_option("--device", a->device, "cpu, cuda or auto")->capture_default_str();
  sub->callback([io, a, dd, dta, thr, local, norm, cap] {
    GammaOptions o = GammaOptions::preset(a->preset);
    if (dd->count()) o.dd_percent = a->dd;
    if (dta->count()) o.dta_mm = a->dta;
    if (thr->count()) o.threshold_percent = a->threshold;
    if (local->count()) o.local = a->local;
    if (norm->count()) o.norm_dose_gy = a->norm;
    if (cap->count()) o.max_gamma = a->max_gamma;
    o.interp_fraction = a->interp_fraction;
    o.validate();
    const Device device = device_by_name(a->device, "--device");
    const Volume<float> ref = H5File::open_read(a->ref).read_volume("/" + a->ref_dataset);
    const Volume<float> ev = H5File::open_read(a->eval).read_volume("/" + a->eval_dataset);
    const GammaResult r = gamma_index(ref, ev, o, device);
    if (!a->output.empty()) write_gamma_hdf5(a->output, r, o);
    if (!a->json.empty()) write_text_file(a->json, gamma_summary_json(r, o).dump(2) + "\n");
    io.out << std::fixed << std::setprecision(2) << "gamma " << o.describe() << ": pass rate "
           << r.pass_rate_pct << "% (" << r.passed << " of " << r.evaluated << " points), mean "
           << std::setprecision(3) << r.mean << ", median " << r.median << ", max " << r.max;
    if (r.no_data > 0) io.out << ", " << r.no_data << " points outside the evaluated grid";
    io.out << std::setprecision(3) << "; " << r.seconds << " s on " << to_string(r.device) << "\n";
  });
}

}  // namespace srtdose::cli
