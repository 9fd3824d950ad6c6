#include "host/check/plan_check.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "host/check/check_report.h"
#include "host/check/html.h"
#include "host/check/pdf_print.h"
#include "host/check/plan_evaluation.h"
#include "host/core/error.h"
#include "host/qa/constraints.h"
#include "host/qa/gamma_io.h"
#include "srtdose/config.h"

namespace srtdose {

namespace fs = std::filesystem;

std::string CheckOptions::fingerprint() const {
  std::ostringstream o;
  o << "srtdose " << SRTDOSE_VERSION << "; gamma " << gamma.describe() << "; pass " << pass_rate_pct
    << "; sbrt " << stereotactic_gy_per_fraction << "; " << dose.describe() << "; machine "
    << machine_file.string() << "; constraints " << constraints
    << (allow_no_tps_dose ? "; no-tps-dose" : "") << "; hu curve "
    << (hu_curve_file.empty() ? std::string("generic") : hu_curve_file.string()) << "; dvh "
    << dvh_warn_pct << "," << dvh_fail_pct << "; mu " << mu_tolerance_pct
    << (pdf_chromium.empty() ? "" : "; pdf");
  for (const auto& m : machines)
    o << "; map " << m.treatment_machine << " " << m.energy_mv << " " << m.fluence << " "
      << m.machine;
  return o.str();
}

nlohmann::json PlanCheck::to_json() const {
  nlohmann::json j{{"label", label},
                   {"plan_name", plan_name},
                   {"plan_uid", plan_uid},
                   {"patient_id", patient_id},
                   {"plan_file", plan_file},
                   {"status", status},
                   {"error", error},
                   {"largest_metric_diff_pct", largest_metric_diff_pct},
                   {"largest_metric", largest_metric},
                   {"constraints_failed", constraints_failed},
                   {"beams_failed", beams_failed},
                   {"beam_problems", beam_problems},
                   {"checked_utc", checked_utc},
                   {"seconds", seconds},
                   {"input_hash", input_hash}};
  j["gamma_pass_pct"] = gamma_pct ? nlohmann::json(*gamma_pct) : nlohmann::json(nullptr);
  j["gamma_stereotactic_pass_pct"] =
      gamma_stereotactic_pct ? nlohmann::json(*gamma_stereotactic_pct) : nlohmann::json(nullptr);
  return j;
}

PlanCheck PlanCheck::from_json(const nlohmann::json& j) {
  PlanCheck p;
  p.label = j.at("label"), p.plan_name = j.at("plan_name"), p.plan_uid = j.at("plan_uid");
  p.patient_id = j.at("patient_id"), p.plan_file = j.at("plan_file"), p.status = j.at("status");
  p.error = j.at("error"), p.largest_metric_diff_pct = j.at("largest_metric_diff_pct");
  p.largest_metric = j.at("largest_metric"), p.constraints_failed = j.at("constraints_failed");
  p.beams_failed = j.value("beams_failed", 0);
  p.beam_problems = j.value("beam_problems", std::vector<std::string>{});
  p.checked_utc = j.value("checked_utc", std::string());
  p.seconds = j.at("seconds"), p.input_hash = j.at("input_hash");
  if (!j.at("gamma_pass_pct").is_null()) p.gamma_pct = j.at("gamma_pass_pct").get<double>();
  if (!j.at("gamma_stereotactic_pass_pct").is_null())
    p.gamma_stereotactic_pct = j.at("gamma_stereotactic_pass_pct").get<double>();
  return p;
}

namespace {

/// The last 8 characters of a UID (all of a shorter one): what tells two plans apart.
std::string uid_end(const std::string& uid) {
  return uid.size() > 8 ? uid.substr(uid.size() - 8) : uid;
}

}  // namespace

std::string plan_label(const dicom::PlanFiles& f) {
  std::string s = f.plan->path.parent_path().filename().string() + "_" +
                  f.plan->path.stem().string() + "_" + uid_end(f.plan->sop_uid);
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
  return s;
}

std::string plan_display_name(const PlanCheck& c) {
  std::string s = c.plan_name.empty() ? c.label : c.plan_name;
  if (!c.patient_id.empty()) s += " / " + c.patient_id;
  if (!c.plan_uid.empty()) s += " / ..." + uid_end(c.plan_uid);
  return s;
}

std::string input_hash(const dicom::PlanFiles& f, const CheckOptions& o) {
  // FNV-1a, 64 bit, over the options and every input file's bytes.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      h = (h ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
  };
  const std::string opt = o.fingerprint();
  mix(opt.data(), opt.size());
  std::vector<fs::path> files{f.plan->path};
  if (f.structure_set) files.push_back(f.structure_set->path);
  if (f.dose) files.push_back(f.dose->path);
  files.insert(files.end(), f.ct_files.begin(), f.ct_files.end());
  if (!o.machine_file.empty()) files.push_back(o.machine_file);
  if (!o.hu_curve_file.empty()) files.push_back(o.hu_curve_file);
  std::vector<char> buf(1 << 16);
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
      mix(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

PlanCheck check_plan(const dicom::PlanFiles& files, const CheckOptions& o,
                     const fs::path& out_dir) {
  const auto t0 = std::chrono::steady_clock::now();
  PlanCheck r;
  r.label = plan_label(files);
  r.plan_uid = files.plan->sop_uid;
  r.patient_id = files.plan->patient_id;
  r.plan_file = files.plan->path.string();
  r.input_hash = input_hash(files, o);
  r.checked_utc = utc_now_text();
  HtmlReport html("srtdose check: " + r.label);
  try {
    const PlanEvaluation e = evaluate_plan(files, o, out_dir);
    r.plan_name = e.imported.imported.plan.name;
    if (e.gamma) r.gamma_pct = e.gamma->pass_rate_pct;
    if (e.gamma_stereotactic) r.gamma_stereotactic_pct = e.gamma_stereotactic->pass_rate_pct;
    for (const MetricRow& m : e.rows)
      if (std::abs(m.diff_pct) > std::abs(r.largest_metric_diff_pct)) {
        r.largest_metric_diff_pct = m.diff_pct;
        r.largest_metric = m.structure + " " + m.metric;
      }
    for (const auto& cr : e.qa_ours.constraints)
      r.constraints_failed += cr.status == ConstraintResult::Status::fail;
    for (const BeamCheck& b : e.beams)
      if (b.status == "fail") {
        ++r.beams_failed;
        r.beam_problems.push_back("beam " + b.beam + ": srtdose / TPS " + fixed(b.ratio, 3) +
                                  " at its dose point, outside +-" + fixed(o.mu_tolerance_pct, 1) +
                                  " % (" + fixed(b.mu_for_tps_dose, 1) +
                                  " MU would give the TPS dose; plan " + fixed(b.mu, 1) + ")");
      }
    // The rule the report states: gamma at the criteria reaches the pass rate, no DVH metric
    // differs from the TPS's by more than the fail tolerance, and no beam's dose at its point
    // from the TPS's BeamDose by more than the MU tolerance.
    if (!e.have_tps)
      r.status = "no-reference";
    else
      r.status = *r.gamma_pct >= o.pass_rate_pct &&
                         std::abs(r.largest_metric_diff_pct) <= o.dvh_fail_pct &&
                         r.beams_failed == 0
                     ? "pass"
                     : "fail";
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    add_check_report(html, e, r, o, files);
  } catch (const std::exception& e) {
    r.status = "error";
    r.error = e.what();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    html.status("error");
    html.heading("The plan could not be checked");
    html.text(r.error);
  }
  // The outputs of the plan: a failure here (a read-only folder, a full disk) makes the plan an
  // error in the batch summary instead of ending the batch.
  try {
    fs::create_directories(out_dir);
    write_text_file(out_dir / "report.html", html.str());
    write_text_file(out_dir / "result.json", r.to_json().dump(2) + "\n");
  } catch (const std::exception& e) {
    r.status = "error";
    r.error =
        (r.error.empty() ? "" : r.error + "; ") + "the report could not be written: " + e.what();
  }
  if (!o.pdf_chromium.empty() && fs::is_regular_file(out_dir / "report.html")) {
    try {
      print_pdf(o.pdf_chromium, out_dir / "report.html", out_dir / "report.pdf");
    } catch (const std::exception& e) {
      r.status = "error";
      r.error =
          (r.error.empty() ? "" : r.error + "; ") + "the PDF could not be printed: " + e.what();
      write_text_file(out_dir / "result.json", r.to_json().dump(2) + "\n");
    }
  }
  return r;
}

}  // namespace srtdose
