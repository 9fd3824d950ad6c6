// `srtdose check DIR... --out DIR`: the plan-check batch (DICOM plans against their TPS doses).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <mutex>

#include "host/check/batch.h"
#include "host/check/html.h"
#include "host/check/pdf_print.h"
#include "host/cli/cli.h"
#include "host/cli/commands.h"
#include "host/core/error.h"
#include "host/dicom/rtplan.h"
#include "host/engine/engine_registry.h"
#include "host/io/atomic_output.h"
#include "host/io/folder_lock.h"
#include "host/io/hu_curve_file.h"

namespace srtdose::cli {

namespace {

struct CheckArgs {
  std::vector<std::string> dirs;
  std::string out = "srtdose-check", engine = "ccc", criteria = "3,2,10", device = "auto", machine,
              machine_map, constraints = "tg101", directions = "16x12", shard = "1/1";
  int jobs = 1;
  double pass_rate = 95;
  std::string dvh_tolerance = "1.5,3", hu_curve;
  bool pdf = false;
  double mu_tolerance = 5;
  bool force = false, no_tps_dose = false;
};

GammaOptions parse_criteria(const std::string& s) {
  GammaOptions g;
  double dd = 0, dta = 0, th = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%lf,%lf,%lf%c", &dd, &dta, &th, &tail) != 3)
    throw InputError("--criteria " + s + ": expected DD%,DTAmm,THRESHOLD%, e.g. 3,2,10");
  g.dd_percent = dd, g.dta_mm = dta, g.threshold_percent = th;
  g.validate();
  return g;
}

std::string clock_text(double s) {
  const int t = static_cast<int>(s + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
  return buf;
}

}  // namespace

void add_check_command(CLI::App& app, Streams io) {
  CLI::App* sub = app.add_subcommand(
      "check",
      "Plan-check batch: every RT Plan under the folders re-computed with the collapsed cone and "
      "compared with its TPS RT Dose (gamma, DVH metrics, constraints, BED); HTML report per "
      "plan and a summary. Exit 0 when every plan passed, 5 when any failed or could not be "
      "checked");
  auto a = std::make_shared<CheckArgs>();
  sub->add_option("dirs", a->dirs, "Folders with DICOM files (searched recursively)")->required();
  sub->add_option("--out", a->out, "Output folder")->capture_default_str();
  sub->add_option("--jobs", a->jobs, "Plans checked at once")->capture_default_str();
  sub->add_option("--engine", a->engine, "Dose engine: " + engine_choices())->capture_default_str();
  sub->add_option("--criteria", a->criteria, "Gamma DD%,DTAmm,threshold% (global)")
      ->capture_default_str();
  sub->add_option("--pass-rate", a->pass_rate, "Gamma pass rate a plan needs (%)")
      ->capture_default_str();
  sub->add_option("--device", a->device, "cpu, cuda or auto")->capture_default_str();
  sub->add_option("--directions", a->directions, "Collapsed-cone ZENITHxAZIMUTH")
      ->capture_default_str();
  sub->add_option("--machine", a->machine,
                  "Machine file for plans that map to a built-in machine (srtdose machine build)");
  sub->add_option("--machine-map", a->machine_map,
                  "Machine mapping file (default: plans/machines/dicom-machines.json)");
  sub->add_option("--constraints", a->constraints, "Constraint set")->capture_default_str();
  sub->add_flag("--force", a->force, "Check again plans whose inputs are unchanged");
  sub->add_option("--dvh-tolerance", a->dvh_tolerance,
                  "DVH metric differences from the TPS (% of the prescription): WARN,FAIL; above "
                  "FAIL the plan fails")
      ->capture_default_str();
  sub->add_option("--mu-tolerance", a->mu_tolerance,
                  "Independent MU check: srtdose's dose per beam at its dose point against the "
                  "RT Plan's BeamDose (%); outside it the plan fails")
      ->capture_default_str();
  sub->add_option("--hu-curve", a->hu_curve,
                  "The clinic's CT calibration, HU -> mass density (CSV or table; docs/check.md); "
                  "default: a generic curve");
  sub->add_flag("--pdf", a->pdf,
                "Also print each report to report.pdf (headless Chromium; SRTDOSE_CHROMIUM names "
                "another executable)");
  sub->add_flag("--no-tps-dose", a->no_tps_dose,
                "Compute plans that have no TPS dose (reported as no-reference, never as pass); "
                "without it they are refused");
  sub->add_option("--shard", a->shard,
                  "i/N: check only every N-th plan starting at the i-th (job arrays, e.g. "
                  "--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with the same --out)")
      ->capture_default_str();
  sub->callback([io, a] {
    BatchOptions o;
    for (const auto& d : a->dirs) o.dirs.emplace_back(d);
    o.out = a->out;
    o.jobs = a->jobs;
    o.force = a->force;
    char tail = 0;
    if (std::sscanf(a->shard.c_str(), "%d/%d%c", &o.shard_index, &o.shard_count, &tail) != 2)
      throw InputError("--shard " + a->shard + ": expected i/N, e.g. 2/8");
    o.check.gamma = parse_criteria(a->criteria);
    if (!(a->pass_rate > 0 && a->pass_rate <= 100))
      throw InputError("--pass-rate must be in (0, 100]");
    o.check.pass_rate_pct = a->pass_rate;
    o.check.dose.engine = engine_by_name(a->engine, "--engine");
    o.check.dose.device = device_by_name(a->device, "--device");
    o.check.dose.set_directions(a->directions);
    o.check.dose.validate();
    o.check.dose.device = o.check.dose.resolved_device();
    o.check.machine_file = a->machine;
    if (!a->machine.empty() && !std::filesystem::is_regular_file(a->machine))
      throw InputError("--machine " + a->machine + ": no such file");
    o.check.machines =
        dicom::read_machine_map(a->machine_map.empty() ? dicom::default_machine_map()
                                                       : std::filesystem::path(a->machine_map));
    o.check.constraints = a->constraints;
    o.check.allow_no_tps_dose = a->no_tps_dose;
    if (a->pdf) o.check.pdf_chromium = find_chromium("--pdf");
    if (!(a->mu_tolerance > 0 && a->mu_tolerance <= 100))
      throw InputError("--mu-tolerance must be in (0, 100] %");
    o.check.mu_tolerance_pct = a->mu_tolerance;
    if (!a->hu_curve.empty()) {
      o.check.hu_curve = read_hu_curve(a->hu_curve);
      o.check.hu_curve_file = a->hu_curve;
    }
    {
      double warn = 0, fail = 0;
      char rest = 0;
      if (std::sscanf(a->dvh_tolerance.c_str(), "%lf,%lf%c", &warn, &fail, &rest) != 2 ||
          !(warn > 0) || !(fail >= warn) || !(fail <= 100))
        throw InputError("--dvh-tolerance " + a->dvh_tolerance +
                         ": expected WARN,FAIL in % with 0 < WARN <= FAIL <= 100, e.g. 1.5,3");
      o.check.dvh_warn_pct = warn, o.check.dvh_fail_pct = fail;
    }
    // On a non-terminal, one line per stage of each plan as it ends (a plan takes minutes).
    if (!::isatty(STDERR_FILENO)) {
      auto lock = std::make_shared<std::mutex>();
      std::ostream* err = &io.err;
      o.check.on_stage = [lock, err](const std::string& plan, const std::string& stage,
                                     double seconds) {
        const std::lock_guard<std::mutex> hold(*lock);
        *err << "check: " << plan << ": " << stage << " done at " << fixed(seconds, 1) << " s\n"
             << std::flush;
      };
    }
    // Each plan's files appear as the plan is done; one run at a time per output folder, held
    // until the summary is written.
    const ImmediateOutputs immediate;
    std::filesystem::create_directories(o.out);
    const FolderLock lock(o.out);
    const bool tty = ::isatty(STDERR_FILENO);
    const auto t0 = std::chrono::steady_clock::now();
    const BatchResult r = run_batch(o, [&](int done, int total, const PlanCheck& p) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double eta = done > 0 ? elapsed / done * (total - done) : 0;
      const std::string line = p.label + ": " + p.status +
                               (p.gamma_pct ? " (gamma " + fixed(*p.gamma_pct, 1) + " %)" : "") +
                               (p.skipped ? " [reused]" : "") +
                               (p.error.empty() ? "" : " - " + p.error);
      if (tty) {
        const int width = 30, filled = total ? width * done / total : width;
        io.err << "\r\033[K" << line << "\n[" << std::string(filled, '#')
               << std::string(width - filled, '.') << "] " << done << "/" << total << " plans, "
               << clock_text(elapsed) << " elapsed, ETA " << clock_text(eta) << std::flush;
        if (done == total) io.err << "\n";
      } else {
        io.err << "check: " << done << "/" << total << " " << line << "\n";
      }
    });
    write_batch_summary(o, r);
    int passed = 0;
    for (const PlanCheck& p : r.plans) passed += p.status == "pass";
    io.out << r.plans.size() << " plan(s): " << passed << " passed, " << r.plans.size() - passed
           << " not; summary in " << (o.out / "index.html").string()
           << " (and summary.csv, summary.json)\n";
    if (r.plans.empty()) io.out << "no RT Plan found under the folders\n";
    if (!r.all_passed()) throw PlansFailed("not every plan passed");
  });
}

}  // namespace srtdose::cli
