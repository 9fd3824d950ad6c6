#include "host/check/batch.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "host/check/check_report.h"
#include "host/check/html.h"
#include "host/core/error.h"
#include "host/io/dicom_folder.h"
#include "host/qa/gamma_io.h"
#include "srtdose/config.h"

namespace srtdose {

namespace fs = std::filesystem;

bool BatchResult::all_passed() const {
  return !plans.empty() && std::all_of(plans.begin(), plans.end(),
                                       [](const PlanCheck& p) { return p.status == "pass"; });
}

namespace {

/// The earlier result of a plan when its inputs and options are unchanged.
std::optional<PlanCheck> reusable(const fs::path& dir, const std::string& hash) {
  const fs::path json = dir / "result.json";
  if (!fs::exists(json) || !fs::exists(dir / "report.html")) return std::nullopt;
  try {
    std::ifstream in(json);
    PlanCheck p = PlanCheck::from_json(nlohmann::json::parse(in));
    // Errors are not kept: the plan is checked again (the cause may have been fixed outside
    // the inputs, e.g. a machine file or disk space).
    if (p.input_hash != hash || p.status == "error") return std::nullopt;
    p.skipped = true;
    return p;
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable: check again
  }
}

PlanCheck failed_check(const dicom::PlanFiles& plan, const std::string& label,
                       const std::string& error) {
  PlanCheck r;
  r.label = label;
  r.plan_uid = plan.plan->sop_uid;
  r.patient_id = plan.plan->patient_id;
  r.plan_file = plan.plan->path.string();
  r.status = "error";
  r.error = error;
  r.checked_utc = utc_now_text();
  return r;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& s : parts) out += (out.empty() ? "" : sep) + s;
  return out;
}

/// The index's problems cell: the error, else one line per beam problem.
std::string problems_html(const PlanCheck& p) {
  if (!p.error.empty()) return html_escape(p.error);
  std::vector<std::string> lines;
  for (const std::string& b : p.beam_problems) lines.push_back(html_escape(b));
  return join(lines, "<br>");
}

}  // namespace

BatchPlans find_batch_plans(const std::vector<fs::path>& dirs) {
  // Plans are grouped within their folder.
  BatchPlans b;
  for (const fs::path& d : dirs) {
    b.scans.push_back(dicom::scan_dicom_folder(d));
    for (const std::string& u : b.scans.back().unreadable) b.unreadable.push_back(u);
  }
  for (const auto& s : b.scans)
    for (dicom::PlanFiles& f : dicom::group_plans(s)) b.plans.push_back(std::move(f));
  return b;
}

BatchResult run_batch(const BatchOptions& o, const BatchProgress& progress) {
  if (o.dirs.empty()) throw InputError("check: no folders given");
  if (o.jobs < 1 || o.jobs > 64) throw InputError("--jobs must be 1..64");
  if (o.shard_count < 1 || o.shard_index < 1 || o.shard_index > o.shard_count)
    throw InputError("--shard i/N: need 1 <= i <= N");
  BatchResult result;
  const BatchPlans found = find_batch_plans(o.dirs);
  const std::vector<dicom::PlanFiles>& plans = found.plans;
  result.unreadable = found.unreadable;
  result.plans.resize(plans.size());
  fs::create_directories(o.out);
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::mutex report;
  const int threads_per_job = std::max(1, omp_get_max_threads() / o.jobs);
  auto worker = [&] {
    omp_set_num_threads(threads_per_job);
    for (std::size_t i = next++; i < plans.size(); i = next++) {
      const std::string label = plan_label(plans[i]);
      const fs::path dir = o.out / label;
      PlanCheck r;
      std::optional<PlanCheck> old;
      const bool mine =
          static_cast<int>(i % static_cast<std::size_t>(o.shard_count)) == o.shard_index - 1;
      if (!o.force || !mine) old = reusable(dir, input_hash(plans[i], o.check));
      if (old) {
        r = *old;
      } else if (mine) {
        // Nothing a plan does may end the batch or escape the thread (std::terminate).
        try {
          r = check_plan(plans[i], o.check, dir);
        } catch (const std::exception& e) {
          r = failed_check(plans[i], label, e.what());
        } catch (...) {
          r = failed_check(plans[i], label, "unknown error");
        }
      } else {
        r.label = label;
        r.plan_uid = plans[i].plan->sop_uid;
        r.patient_id = plans[i].plan->patient_id;
        r.plan_file = plans[i].plan->path.string();
        r.status = "pending";
        r.error = "checked by another shard (not finished yet)";
      }
      result.plans[i] = r;
      const std::lock_guard<std::mutex> lock(report);
      ++done;
      try {
        if (progress) progress(done, static_cast<int>(plans.size()), r);
      } catch (...) {
        // A progress line that cannot be printed is not a reason to lose the batch.
      }
    }
  };
  std::vector<std::thread> pool;
  for (int j = 1; j < std::min<int>(o.jobs, static_cast<int>(plans.size())); ++j)
    pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return result;
}

void write_batch_summary(const BatchOptions& o, const BatchResult& r) {
  auto opt_pct = [](const std::optional<double>& v) { return v ? fixed(*v, 2) : std::string(""); };
  // CSV
  std::string csv =
      "plan,patient_id,plan_uid,status,gamma_pass_pct,gamma_stereotactic_pass_pct,"
      "largest_metric_diff_pct,largest_metric,constraints_failed,seconds,reused,error,report,"
      "beams_failed,beam_problems,checked_utc\n";
  auto q = [](std::string s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  nlohmann::json plans = nlohmann::json::array();
  for (const PlanCheck& p : r.plans) {
    csv += q(p.plan_name) + "," + q(p.patient_id) + "," + q(p.plan_uid) + "," + p.status + "," +
           opt_pct(p.gamma_pct) + "," + opt_pct(p.gamma_stereotactic_pct) + "," +
           fixed(p.largest_metric_diff_pct, 2) + "," + q(p.largest_metric) + "," +
           std::to_string(p.constraints_failed) + "," + fixed(p.seconds, 1) + "," +
           (p.skipped ? "yes" : "no") + "," + q(p.error) + "," + q(p.label + "/report.html") + "," +
           std::to_string(p.beams_failed) + "," + q(join(p.beam_problems, "; ")) + "," +
           q(p.checked_utc) + "\n";
    nlohmann::json j = p.to_json();
    j["reused"] = p.skipped;
    j["report"] = p.label + "/report.html";
    plans.push_back(j);
  }
  write_text_file(o.out / "summary.csv", csv);
  nlohmann::json summary{{"srtdose_version", SRTDOSE_VERSION},
                         {"criteria", o.check.gamma.describe()},
                         {"pass_rate_pct", o.check.pass_rate_pct},
                         {"all_passed", r.all_passed()},
                         {"plans", plans},
                         {"unreadable_files", r.unreadable}};
  write_text_file(o.out / "summary.json", summary.dump(2) + "\n");
  // HTML index
  HtmlReport html("srtdose plan check");
  int passed = 0;
  for (const PlanCheck& p : r.plans) passed += p.status == "pass";
  html.status(r.all_passed() ? "pass" : "fail");
  html.text(std::to_string(r.plans.size()) + " plan(s), " + std::to_string(passed) +
            " passed; criteria " + o.check.gamma.describe() +
            ", pass at >= " + fixed(o.check.pass_rate_pct, 1) + " %. Index written " +
            utc_now_text() + " by srtdose " + SRTDOSE_VERSION + ".");
  std::string table =
      "<table><tr><th>plan (name / patient ID / RT Plan UID)</th><th>checked</th>"
      "<th>status</th><th>gamma</th><th>gamma 2%/1mm</th>"
      "<th>largest metric difference</th><th>constraints failed</th><th>time "
      "(s)</th><th>problems</th></tr>\n";
  // Copies of one RT Plan (same UID) in several folders: their folders tell them apart.
  std::map<std::string, int> uses;
  for (const PlanCheck& p : r.plans) ++uses[plan_display_name(p)];
  for (const PlanCheck& p : r.plans) {
    const std::string name = plan_display_name(p);
    const std::string shown = uses[name] > 1 ? name + " (" + p.label + ")" : name;
    const std::string cls =
        p.status == "pass" ? "pass" : (p.status == "no-reference" ? "warn" : "fail");
    table += "<tr class=\"" + cls + "\"><td><a href=\"" + html_escape(p.label) + "/report.html\">" +
             html_escape(shown) + "</a>" +
             (o.check.pdf_chromium.empty()
                  ? std::string()
                  : " (<a href=\"" + html_escape(p.label) + "/report.pdf\">PDF</a>)") +
             "</td><td>" + html_escape(p.checked_utc) + (p.skipped ? " (reused)" : "") +
             "</td><td>" + html_escape(p.status) + "</td><td>" +
             (p.gamma_pct ? fixed(*p.gamma_pct, 2) + " %" : "") + "</td><td>" +
             (p.gamma_stereotactic_pct ? fixed(*p.gamma_stereotactic_pct, 2) + " %" : "") +
             "</td><td>" +
             (p.largest_metric.empty()
                  ? ""
                  : signed_pct(p.largest_metric_diff_pct) + " " + html_escape(p.largest_metric)) +
             "</td><td>" + std::to_string(p.constraints_failed) + "</td><td>" +
             fixed(p.seconds, 1) + "</td><td>" + problems_html(p) + "</td></tr>\n";
  }
  html.raw(table + "</table>");
  for (const std::string& u : r.unreadable) html.text("Unreadable: " + u);
  write_text_file(o.out / "index.html", html.str());
}

}  // namespace srtdose
