// Validation of the dose engines against the Monte Carlo reference cases
// (validation/reference/mc: EGSnrc/DOSXYZnrc, ideal 6 MV point source): central-axis depth
// doses and 10 cm profiles of the collapsed cone and the pencil beam, written as a Markdown
// report with SVG plots and a JSON summary. Usage:
//   srtdose_validate MACHINE.h5 OUT_DIR [REFERENCE_DIR]
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "host/engine/ccc/beam_data.h"
#include "host/engine/ccc/ccc_engine.h"
#include "host/engine/ccc/cone_transport.h"
#include "host/engine/ccc/lattice_transport.h"
#include "host/engine/ccc/terma.h"
#include "host/engine/pb/pb_engine.h"
#include "host/geometry/iec61217.h"
#include "host/io/svg_plot.h"
#include "host/plan/plan_parser.h"
#include "host/qa/gamma.h"
#include "host/qa/gamma_io.h"
#include "srtdose/config.h"
#include "validation/mc_reference.h"

namespace fs = std::filesystem;
using namespace srtdose;

namespace {

struct Curve {
  std::vector<double> pos_cm, mc, unc, ccc, pb, ccc_exact, pb_lateral;
};

struct GammaFigures {
  double ccc = 0, pb = 0, ccc_smoothed = 0, pb_smoothed = 0;
  std::int64_t points = 0;
};

struct CaseResult {
  std::string name, title;
  int norm_index = 40;
  Curve cax, profile;
  GammaFigures gamma;
};

/// The Monte Carlo dose on its uniform 2.5 mm region around the axis (|x|, |y| < 4.125 cm), as
/// a volume in plan coordinates (x_plan = 10 x_mc, y_plan = -150 + 10 z_mc, z_plan = 10 y_mc).
Volume<float> mc_fine_region(const validation::McDose& mc) {
  auto fine = [](const std::vector<double>& b) {
    int lo = -1, hi = -1;
    for (int i = 0; i + 1 < static_cast<int>(b.size()); ++i)
      if (std::abs(b[i + 1] - b[i] - 0.25) < 1e-6) {
        if (lo < 0) lo = i;
        hi = i;
      }
    return std::pair<int, int>{lo, hi};
  };
  const auto [x0, x1] = fine(mc.x_bounds_cm);
  const auto [y0, y1] = fine(mc.y_bounds_cm);
  const Grid3 g({x1 - x0 + 1, mc.nz, y1 - y0 + 1}, {2.5, 2.5, 2.5},
                {10 * mc.x_bounds_cm[x0] + 1.25, -150 + 10 * mc.z_bounds_cm[0] + 1.25,
                 10 * mc.y_bounds_cm[y0] + 1.25});
  Volume<float> v(g, 0.0f);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i)
        v.at(i, j, k) = static_cast<float>(mc.dose[mc.index(x0 + i, y0 + k, j)]);
  return v;
}

/// Mean over the 3 x 3 x 3 neighbourhood (clamped at the edges).
Volume<float> box3(const Volume<float>& d) {
  const Grid3& g = d.grid();
  Volume<float> out(g, 0.0f);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        double sum = 0;
        int n = 0;
        for (int dk = -1; dk <= 1; ++dk)
          for (int dj = -1; dj <= 1; ++dj)
            for (int di = -1; di <= 1; ++di) {
              const int a = i + di, b = j + dj, c = k + dk;
              if (a < 0 || b < 0 || c < 0 || a >= g.nx() || b >= g.ny() || c >= g.nz()) continue;
              sum += d.at(a, b, c);
              ++n;
            }
        out.at(i, j, k) = static_cast<float>(sum / n);
      }
  return out;
}

Volume<float> scaled(Volume<float> v, double factor) {
  for (float& x : v.values()) x = static_cast<float>(x * factor);
  return v;
}

std::string pct(double x) {
  std::ostringstream o;
  o << std::showpos << std::fixed << std::setprecision(1) << 100 * x << "%";
  return o.str();
}

std::string abs_pct(double x) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << 100 * x << "%";
  return o.str();
}

std::string num(double x, int decimals) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(decimals) << x;
  return o.str();
}

/// Largest and mean absolute relative deviation of engine vs Monte Carlo (both normalised).
/// Largest, mean and 95th percentile of |engine / Monte Carlo - 1| on the axis from beyond
/// d_max (1.625 cm) to 25 cm, both normalised over +-1 cm around the normalisation depth.
struct Deviation {
  double largest = 0, mean = 0, p95 = 0;
};
Deviation deviation(const std::vector<double>& e, const std::vector<double>& m, int norm) {
  const std::vector<double> d = validation::depth_dose_deviation(e, m, norm, 4, 6, 99);
  Deviation r;
  for (double x : d) r.largest = std::max(r.largest, std::abs(x)), r.mean += std::abs(x) / d.size();
  r.p95 = validation::abs_percentile(d, 0.95);
  return r;
}

/// Position (cm) where a profile normalised to its axis value crosses level, on the side of
/// sign (+1 or -1), by linear interpolation between the points around the crossing.
double crossing(const std::vector<double>& x, const std::vector<double>& y, std::size_t axis,
                double level, int sign) {
  const double y0 = y[axis];
  std::size_t i = axis;
  while (true) {
    const std::size_t next = sign > 0 ? i + 1 : i - 1;
    if ((sign > 0 && next >= x.size()) || (sign < 0 && i == 0)) return NAN;
    const double a = y[i] / y0, b = y[next] / y0;
    if (a >= level && b < level) return x[i] + (x[next] - x[i]) * (a - level) / (a - b);
    i = next;
  }
}

struct Penumbra {
  double width50 = 0, left = 0, right = 0;  ///< field width at 50 %, 80-20 % penumbrae (cm)
};

Penumbra penumbra(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t axis = x.size() / 2;
  Penumbra p;
  p.width50 = crossing(x, y, axis, 0.5, +1) - crossing(x, y, axis, 0.5, -1);
  p.right = crossing(x, y, axis, 0.2, +1) - crossing(x, y, axis, 0.8, +1);
  p.left = crossing(x, y, axis, 0.2, -1) - crossing(x, y, axis, 0.8, -1);
  p.left = -p.left;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: srtdose_validate MACHINE.h5 OUT_DIR [REFERENCE_DIR]\n";
    return 2;
  }
  try {
    const fs::path machine = argv[1], out = argv[2];
    const fs::path ref = argc > 3 ? fs::path(argv[3])
                                  : fs::path(SRTDOSE_DATA_DIR) / ".." / "validation" / "reference";
    fs::create_directories(out);
    const CccBeamData ccc = CccBeamData::from_machine_file(machine, 16);
    const PbBeamData pb = PbBeamData::from_machine_file(machine, 2.5);
    const PbBeamData pb_scaled = PbBeamData::from_machine_file(machine, 2.5, 8.0, true);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"caseA", "5 x 5 cm, water"},
        {"caseF", "10 x 10 cm, water"},
        {"caseC", "5 x 5 cm, water / lung 0.26 (5-15 cm) / water"}};
    std::vector<CaseResult> results;
    for (const auto& [name, title] : cases) {
      std::cerr << "validate: " << name << "\n";
      CaseResult r;
      r.name = name, r.title = title;
      r.norm_index = name == "caseC" ? 12 : 40;
      const Plan plan = parse_plan_file(ref / "mc" / "cases" / (name + ".json"));
      const PatientModel pm = build_patient_model(plan);
      // The direct calls below see the patient as the engines do: water-equivalent density in,
      // dose to medium out (docs/ccc-engine.md, "Media").
      const TransportModel media = transport_model(pm);
      const PatientModel& tp = media.patient;
      const Volume<float>& to_medium = media.to_medium;
      auto medium = [&](Volume<float> d) {
        for (std::int64_t v = 0; v < d.size(); ++v) d[v] *= to_medium[v];
        return d;
      };
      const Grid3& g = pm.grid();
      const BeamSegment seg = expand_beam(plan.beams[0]).front();
      const std::vector<Volume<float>> terma = terma_per_mu_by_group(tp, seg, ccc);
      const BeamFrame frame = beam_frame(seg.gantry_deg, seg.collimator_deg, seg.couch_deg,
                                         seg.isocenter_mm, seg.sad_mm, pm.position);
      const auto dirs = cone_directions(ccc.kernel, frame.axis, 12);
      const int ic = g.nx() / 2, kc = g.nz() / 2, j10a = 39,
                j10b = 40;  // y centres -51.25, -48.75 mm
      const Volume<float> dp = medium(pb_dose_per_mu(tp, seg, pb, 0.01));
      const Volume<float> rho = lateral_density(tp);
      const Volume<float> dpl = medium(pb_dose_per_mu(tp, seg, pb_scaled, 0.01, nullptr, &rho));
      // The collapsed cone as users run it (the engine: lattice transport with kernel tilting
      // and one kernel per energy group, whole volume; per MU), and the exact receiving-point
      // transport of each group's TERMA with its kernel on the voxels compared (the lattice's
      // discretisation check).
      CccOptions co;
      co.device = Device::Cpu;
      const Volume<float> lattice =
          scaled(ccc_plan_dose(plan, pm, ccc, co).dose, 1 / (plan.beams[0].mu * plan.fractions));
      auto ccc_at = [&](int i, int j) { return double(lattice.at(i, j, kc)); };
      auto exact_at = [&](int i, int j) {
        double sum = 0;
        for (std::size_t q = 0; q < terma.size(); ++q)
          sum += ccc_dose_at(terma[q], tp.density_g_cm3, ccc.group_kernels[q], dirs,
                             g.index(i, j, kc));
        return sum * to_medium[g.index(i, j, kc)];
      };
      // Depth doses: means of the 3 x 3 voxels around the axis (Monte Carlo 1-sigma / 3).
      const validation::McDose mc = validation::read_mc_dose(ref / "mc", name);
      for (int j = 0; j < g.ny() && j < mc.nz; ++j) {
        const auto [m, u] = validation::axis_mean_3x3(mc, j);
        r.cax.pos_cm.push_back(0.5 * (mc.z_bounds_cm[j] + mc.z_bounds_cm[j + 1]));
        r.cax.mc.push_back(m), r.cax.unc.push_back(u);
        r.cax.ccc.push_back(validation::axis_mean_3x3(lattice, j));
        double exact = 0;
        for (int dk = -1; dk <= 1; ++dk)
          for (int di = -1; di <= 1; ++di) exact += exact_at(ic + di, j) / 9;
        r.cax.ccc_exact.push_back(exact);
        r.cax.pb.push_back(validation::axis_mean_3x3(dp, j));
        r.cax.pb_lateral.push_back(validation::axis_mean_3x3(dpl, j));
      }
      // 3D gamma 2 %/2 mm (global, 10 % threshold) on the Monte Carlo's uniform region, both
      // doses normalised on the axis at the normalisation depth; then again with both
      // averaged over 3 x 3 x 3 voxels, which takes most of the Monte Carlo noise out.
      {
        const Volume<float> ref_mc = scaled(mc_fine_region(mc), 1 / r.cax.mc[r.norm_index]);
        const Volume<float> ccc_n = scaled(lattice, 1 / r.cax.ccc[r.norm_index]);
        const Volume<float> pb_n = scaled(dp, 1 / r.cax.pb[r.norm_index]);
        const GammaOptions go = GammaOptions::preset("2%/2mm");
        const GammaResult gc = gamma_index(ref_mc, ccc_n, go, Device::Cpu);
        const GammaResult gp = gamma_index(ref_mc, pb_n, go, Device::Cpu);
        const Volume<float> ref_s = box3(ref_mc);
        const GammaResult gcs = gamma_index(ref_s, box3(ccc_n), go, Device::Cpu);
        const GammaResult gps = gamma_index(ref_s, box3(pb_n), go, Device::Cpu);
        r.gamma = {gc.pass_rate_pct, gp.pass_rate_pct, gcs.pass_rate_pct, gps.pass_rate_pct,
                   gc.evaluated};
      }
      // Profiles: the engines' voxels averaged over each Monte Carlo bin [lo, hi] (cm).
      std::vector<double> ccc_row(static_cast<std::size_t>(g.nx())), exact_row(ccc_row);
      for (int i = 0; i < g.nx(); ++i) {
        ccc_row[i] = 0.5 * (ccc_at(i, j10a) + ccc_at(i, j10b));
        exact_row[i] = 0.5 * (exact_at(i, j10a) + exact_at(i, j10b));
      }
      for (const auto& row : validation::read_mc_table(ref / "mc" / (name + "_prof10.txt"))) {
        double sc = 0, sp = 0, se = 0;
        int n = 0;
        for (int i = 0; i < g.nx(); ++i) {
          const double x_cm = 0.1 * g.position_mm(i, 0, 0).x;
          if (x_cm < row[validation::kProfLo] || x_cm > row[validation::kProfHi]) continue;
          sc += ccc_row[i];
          se += exact_row[i];
          sp += 0.5 * (dp.at(i, j10a, kc) + dp.at(i, j10b, kc));
          ++n;
        }
        if (n == 0) continue;
        r.profile.pos_cm.push_back(row[validation::kProfCentre]);
        r.profile.mc.push_back(row[validation::kProfDose]),
            r.profile.unc.push_back(row[validation::kProfUnc]);
        r.profile.ccc.push_back(sc / n), r.profile.pb.push_back(sp / n);
        r.profile.ccc_exact.push_back(se / n);
      }
      results.push_back(std::move(r));
    }

    // Report.
    std::ostringstream md;
    nlohmann::json summary;
    md << "# srtdose validation against Monte Carlo (ideal 6 MV)\n\n"
       << "Generated by `validation/run.sh` (srtdose " << SRTDOSE_VERSION << ", machine file `"
       << machine.filename().string()
       << "`). Reference: EGSnrc/DOSXYZnrc doses of `validation/reference/mc` (README there).\n"
       << "Engines on the CPU: collapsed cone (lattice transport with kernel tilting and one "
          "kernel per energy group, 16 x 12 directions; the exact ray-traced transport "
          "alongside) and pencil beam (2.5 mm beamlets, pencil kernel with the same energy "
          "groups), "
          "2.5 mm voxels. Depth doses are means of the 3 x 3 voxels around the axis (Monte Carlo "
          "1-sigma 0.3-0.7 %), normalised to their mean over +-1 cm around 10 cm (case C: "
          "around 3 cm, upstream of the lung); "
          "profiles at 10 cm depth normalised on the axis (single Monte Carlo voxels, 1-sigma "
          "1.2-1.8 % and more off axis). Deviations are engine / Monte Carlo - 1.\n\n";
    for (const CaseResult& r : results) {
      const int last = std::min<int>(110, static_cast<int>(r.cax.mc.size()) - 1);
      const Deviation dc = deviation(r.cax.ccc, r.cax.mc, r.norm_index),
                      dp = deviation(r.cax.pb, r.cax.mc, r.norm_index),
                      de = deviation(r.cax.ccc_exact, r.cax.mc, r.norm_index),
                      dl = deviation(r.cax.pb_lateral, r.cax.mc, r.norm_index);
      const double cw = dc.largest, cm = dc.mean, pw = dp.largest, pm_ = dp.mean;
      md << "## " << r.name << ": " << r.title << "\n\n"
         << "| depth dose, 1.6-25 cm (3 x 3 axis means, normalised over +-1 cm) | P95 | largest "
            "| mean |\n|---|---|---|---|\n";
      for (const auto& [label, d] : {std::pair<const char*, Deviation>{"collapsed cone", dc},
                                     {"pencil beam", dp},
                                     {"collapsed cone, exact transport", de},
                                     {"pencil beam, lateral density scaling", dl}})
        md << "| " << label << " | " << abs_pct(d.p95) << " | " << abs_pct(d.largest) << " | "
           << abs_pct(d.mean) << " |\n";
      md << "\n"
         << "| depth (cm) | Monte Carlo | CCC | PB |\n|---|---|---|---|\n";
      auto window = [&](const std::vector<double>& v) {
        double s = 0;
        for (int j = r.norm_index - 4; j <= r.norm_index + 4; ++j) s += v[j] / 9;
        return s;
      };
      const double mn = window(r.cax.mc), cn = window(r.cax.ccc), bn = window(r.cax.pb);
      for (int j = 1; j <= last; j += (j < 8 ? 2 : 8)) {
        const double m = r.cax.mc[j] / mn;
        const double c = r.cax.ccc[j] / cn, b = r.cax.pb[j] / bn;
        md << "| " << num(r.cax.pos_cm[j], 3) << " | " << num(m, 3) << " | " << num(c, 3) << " ("
           << pct(c / m - 1) << ") | " << num(b, 3) << " (" << pct(b / m - 1) << ") |\n";
      }
      // Profile: inside 80 % of the field half-width.
      const std::size_t axis = r.profile.pos_cm.size() / 2;
      double pc = 0, pp = 0;
      const double half = r.name == "caseF" ? 5.0 : 2.5;
      for (std::size_t i = 0; i < r.profile.pos_cm.size(); ++i) {
        if (std::abs(r.profile.pos_cm[i]) > 0.8 * half * 1.1) continue;
        const double m = r.profile.mc[i] / r.profile.mc[axis];
        pc = std::max(pc, std::abs(r.profile.ccc[i] / r.profile.ccc[axis] / m - 1));
        pp = std::max(pp, std::abs(r.profile.pb[i] / r.profile.pb[axis] / m - 1));
      }
      const Penumbra pm_mc = penumbra(r.profile.pos_cm, r.profile.mc);
      const Penumbra pm_c = penumbra(r.profile.pos_cm, r.profile.ccc);
      const Penumbra pm_p = penumbra(r.profile.pos_cm, r.profile.pb);
      const Penumbra pm_e = penumbra(r.profile.pos_cm, r.profile.ccc_exact);
      md << "\nProfile at 10 cm, inside 80 % of the field: largest deviation CCC " << abs_pct(pc)
         << ", PB " << abs_pct(pp) << ".\n\n"
         << "| profile at 10 cm (cm) | 50 % width | 80-20 % left | 80-20 % right "
            "|\n|---|---|---|---|\n";
      for (const auto& [label, p] : {std::pair<const char*, Penumbra>{"Monte Carlo", pm_mc},
                                     std::pair<const char*, Penumbra>{"collapsed cone", pm_c},
                                     std::pair<const char*, Penumbra>{"pencil beam", pm_p},
                                     std::pair<const char*, Penumbra>{"CCC exact transport", pm_e}})
        md << "| " << label << " | " << num(p.width50, 3) << " | " << num(p.left, 3) << " | "
           << num(p.right, 3) << " |\n";
      md << "\n3D gamma 2 %/2 mm global, 10 % threshold, on the Monte Carlo's uniform 2.5 mm "
            "region (|x|, |y| < 4.1 cm, "
         << r.gamma.points << " points): collapsed cone " << num(r.gamma.ccc, 1)
         << " %, pencil beam " << num(r.gamma.pb, 1)
         << " %; both doses averaged over 3 x 3 x 3 voxels: collapsed cone "
         << num(r.gamma.ccc_smoothed, 1) << " %, pencil beam " << num(r.gamma.pb_smoothed, 1)
         << " %.\n\n"
         << "![depth dose](" << r.name << "_depth_dose.svg) ![profile](" << r.name
         << "_profile.svg)\n\n";
      summary[r.name] = {{"depth_dose_p95", {{"ccc", dc.p95}, {"pb", dp.p95}}},
                         {"depth_dose_largest", {{"ccc", cw}, {"pb", pw}}},
                         {"depth_dose_mean", {{"ccc", cm}, {"pb", pm_}}},
                         {"profile_in_field_largest", {{"ccc", pc}, {"pb", pp}}},
                         {"penumbra_80_20_cm",
                          {{"mc", 0.5 * (pm_mc.left + pm_mc.right)},
                           {"ccc", 0.5 * (pm_c.left + pm_c.right)},
                           {"pb", 0.5 * (pm_p.left + pm_p.right)}}},
                         {"width_50_cm",
                          {{"mc", pm_mc.width50},
                           {"ccc", pm_c.width50},
                           {"pb", pm_p.width50},
                           {"ccc_exact", pm_e.width50}}},
                         {"penumbra_80_20_ccc_exact_cm", 0.5 * (pm_e.left + pm_e.right)},
                         {"gamma_2pct_2mm",
                          {{"ccc", r.gamma.ccc},
                           {"pb", r.gamma.pb},
                           {"ccc_smoothed", r.gamma.ccc_smoothed},
                           {"pb_smoothed", r.gamma.pb_smoothed},
                           {"points", r.gamma.points}}},
                         {"depth_dose_largest_ccc_exact", de.largest}};
      for (int which = 0; which < 2; ++which) {
        const Curve& c = which == 0 ? r.cax : r.profile;
        const std::size_t norm =
            which == 0 ? static_cast<std::size_t>(r.norm_index) : c.pos_cm.size() / 2;
        PlotSpec p;
        p.title = r.name + (which == 0 ? ": central-axis depth dose" : ": profile at 10 cm");
        p.x_label = which == 0 ? "depth (cm)" : "x (cm)";
        p.y_label = "relative dose";
        PlotSeries m{"Monte Carlo", {}, {}, false, true},
            cc{"collapsed cone", {}, {}, false, false}, pbs{"pencil beam", {}, {}, true, false};
        for (std::size_t i = 0; i < c.pos_cm.size(); ++i) {
          m.x.push_back(c.pos_cm[i]), m.y.push_back(c.mc[i] / c.mc[norm]);
          cc.x.push_back(c.pos_cm[i]), cc.y.push_back(c.ccc[i] / c.ccc[norm]);
          pbs.x.push_back(c.pos_cm[i]), pbs.y.push_back(c.pb[i] / c.pb[norm]);
        }
        p.series = {m, cc, pbs};
        write_text_file(out / (r.name + (which == 0 ? "_depth_dose.svg" : "_profile.svg")),
                        svg_plot(p));
      }
    }
    write_text_file(out / "report.md", md.str());
    write_text_file(out / "summary.json", summary.dump(2) + "\n");
    std::cout << md.str();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "srtdose_validate: error: " << e.what() << "\n";
    return 1;
  }
}
