#include "host/qa/qa_request.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/qa/bed_maps.h"
#include "host/qa/structure_names.h"
#include "host/qa/tissue_table.h"

namespace srtdose {

void QaRequest::validate() const {
  dvh.validate();
  for (const std::string& m : metrics) DvhMetric::parse(m);
  if (rx_gy < 0 || !std::isfinite(rx_gy)) throw InputError("--rx must be a dose >= 0 Gy");
  if (bed) {
    bed->model.validate();
    if (bed->iso_bed_gy < 0 || !std::isfinite(bed->iso_bed_gy))
      throw InputError("--iso-bed must be > 0 Gy");
  }
}

TissueTable tissue_table(const BedRequest& b, TissueModel& base) {
  TissueTable table =
      b.alpha_beta_table.empty() ? TissueTable::builtin() : TissueTable::load(b.alpha_beta_table);
  if (!b.tumour.empty()) {
    const auto it = table.target_options.find(b.tumour);
    if (it == table.target_options.end())
      throw InputError("--tumour: '" + b.tumour + "' is not in " + table.file.string());
    table.target_alpha_beta_gy = it->second;
  }
  if (b.tumour_alpha_beta_gy != 0) table.target_alpha_beta_gy = b.tumour_alpha_beta_gy;
  if (b.oar_alpha_beta_gy != 0) table.default_alpha_beta_gy = b.oar_alpha_beta_gy;
  if (!(table.target_alpha_beta_gy > 0) || !(table.default_alpha_beta_gy > 0))
    throw InputError("alpha/beta must be > 0 Gy");
  base = b.model;
  base.alpha_beta_gy = table.target_alpha_beta_gy;
  base.validate();
  return table;
}

namespace {

/// What run_qa reads, without copies.
struct QaInput {
  const Plan& plan;
  const PatientModel& patient;
  const Volume<float>& dose;
  int fractions;
  const std::optional<Prescription>& prescription;
};

BedReport bed_report(const QaInput& pd, const BedRequest& b, const TissueTable& table,
                     const TissueModel& base, const QaReport& q,
                     const std::vector<const Structure*>& structures) {
  BedReport r;
  r.base = base;
  r.table_file = table.file;
  r.default_alpha_beta_gy = table.default_alpha_beta_gy;
  FractionationInput in;
  in.dvhs = q.dvhs;
  in.target_index = q.target_index;
  in.rx_total_gy = q.rx_gy;
  for (std::size_t i = 0; i < in.dvhs.size(); ++i) {
    const bool target = static_cast<int>(i) == in.target_index || is_target_name(in.dvhs[i].name);
    in.tissues.push_back(tissue_model_for(table, in.dvhs[i].name, target, base));
    in.tissues.back().validate();
  }
  in.constraints = q.constraint_set ? &*q.constraint_set : nullptr;
  const TissueModel& tt = in.tissues[static_cast<std::size_t>(in.target_index)];
  r.target = tt;
  r.planned.fractions = pd.fractions;
  r.planned.dose_per_fraction_gy = q.rx_gy / pd.fractions;
  r.prescription_bed_gy = bed_gy(r.planned.fractions, r.planned.dose_per_fraction_gy, tt);
  for (std::size_t i = 0; i < in.dvhs.size(); ++i)
    r.structures.push_back(structure_bed(in.dvhs[i], in.tissues[i], pd.fractions));
  if (!b.schemes.empty()) r.compared = compare_schemes(in, b.schemes);
  r.iso_bed_gy = r.prescription_bed_gy;
  if (b.iso_scheme)
    r.iso_bed_gy = bed_gy(b.iso_scheme->fractions, b.iso_scheme->dose_per_fraction_gy, tt);
  if (b.iso_bed_gy > 0) r.iso_bed_gy = b.iso_bed_gy;
  std::vector<int> ns{1, 3, 5, 8, pd.fractions};
  for (const SchemeResult& s : r.compared) ns.push_back(s.scheme.fractions);
  r.iso_effective = iso_effective_schemes(in, r.iso_bed_gy, ns);
  if (b.maps) {
    std::vector<const Volume<float>*> masks;
    for (const Structure* s : structures) masks.push_back(&s->fraction);
    // Voxels outside every structure: the default alpha/beta (the USC is for targets only).
    TissueModel other = base;
    other.model = base.model == BedModel::usc ? BedModel::lq : base.model;
    other.alpha_beta_gy = table.default_alpha_beta_gy;
    BedMaps m = bed_maps(pd.dose, pd.fractions, masks, in.dvhs, in.tissues, in.target_index, other);
    r.bed_map = std::move(m.bed);
    r.eqd2_map = std::move(m.eqd2);
    r.alpha_beta_map = std::move(m.alpha_beta);
  }
  r.tissues = std::move(in.tissues);
  return r;
}

QaReport run_qa(const QaInput& pd, const QaRequest& req, const std::string& plan_path) {
  req.validate();
  std::vector<DvhMetric> extra;
  for (const std::string& m : req.metrics) extra.push_back(DvhMetric::parse(m));
  TissueModel base;
  std::optional<TissueTable> table;
  if (req.bed) table = tissue_table(*req.bed, base);
  QaReport r;
  r.plan_name = pd.plan.name;
  r.fractions = pd.fractions;
  r.dose_max_gy = pd.dose.max_value();
  r.rx_gy = req.rx_gy > 0 ? req.rx_gy : pd.prescription ? pd.prescription->dose_gy : 0.0;
  if (req.bed) {
    if (pd.fractions < 1) throw InputError(plan_path + ": zero fractions");
    if (!(r.rx_gy > 0))
      throw InputError(plan_path + ": no prescription; give one in the plan or with --rx");
    if (!pd.prescription) throw InputError(plan_path + ": no prescription target");
  }
  if (!req.constraints.empty())
    r.constraint_set = ConstraintSet::load(find_constraint_set(req.constraints));

  auto structures = select_structures(pd.patient, req.structures);
  if (req.skip_empty_structures)
    std::erase_if(structures, [](const Structure* s) { return !(s->volume_cm3() > 0); });
  if (structures.empty()) throw InputError(plan_path + ": the plan has no structures");
  for (const Structure* s : structures)
    r.dvhs.push_back(compute_dvh(s->name, s->fraction, pd.dose, req.dvh));
  if (pd.prescription) {
    std::vector<std::string> names;
    for (const Dvh& d : r.dvhs) names.push_back(d.name);
    r.target_index = match_structure(names, {pd.prescription->target});
  }
  if (req.bed && r.target_index < 0)
    throw InputError(plan_path + ": prescription target '" + pd.prescription->target +
                     "' is not a structure");
  for (const DvhMetric& m : extra) r.metric_names.push_back(m.text);
  for (const Dvh& d : r.dvhs) {
    r.metrics.push_back(structure_metrics(d));
    std::vector<double> row;
    for (const DvhMetric& m : extra) {
      if (m.kind == DvhMetric::Kind::volume_at_rx && !(r.rx_gy > 0))
        throw InputError("metric " + m.text + " needs a prescription (plan or --rx)");
      row.push_back(m.evaluate(d, r.rx_gy));
    }
    r.metric_values.push_back(row);
  }

  // Conformity of the prescription target.
  if (req.conformity && r.rx_gy > 0 && pd.prescription) {
    const auto t = select_structures(pd.patient, {pd.prescription->target}).front();
    r.conformity_target = t->name;
    // The target's DVH is among those computed above unless the selection left it out.
    const auto known =
        std::find_if(r.dvhs.begin(), r.dvhs.end(), [&](const Dvh& d) { return d.name == t->name; });
    const Dvh target_dvh =
        known != r.dvhs.end() ? *known : compute_dvh(t->name, t->fraction, pd.dose, req.dvh);
    const Structure* body = find_body(pd.patient);
    r.conformity = conformity_metrics(pd.dose, t->fraction, target_dvh, r.rx_gy,
                                      body ? &body->fraction : nullptr);
  }
  if (r.constraint_set)
    r.constraints = evaluate_constraints(*r.constraint_set, pd.fractions, r.dvhs, r.rx_gy);
  if (req.bed) r.bed = bed_report(pd, *req.bed, *table, base, r, structures);
  return r;
}

}  // namespace

QaReport run_qa(const PlanDose& pd, const QaRequest& req, const std::string& plan_path) {
  return run_qa(QaInput{pd.plan, pd.patient, pd.dose, pd.fractions, pd.prescription}, req,
                plan_path);
}

QaReport run_qa(const Plan& plan, const PatientModel& patient, const Volume<float>& dose,
                const QaRequest& req, const std::string& plan_path) {
  return run_qa(QaInput{plan, patient, dose, plan.fractions, plan.prescription}, req, plan_path);
}

}  // namespace srtdose
