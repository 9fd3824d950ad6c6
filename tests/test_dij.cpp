// Dose-influence matrices: D w with the open-field weights reproduces the pencil-beam dose;
// the HDF5 file is a consistent CSR matrix.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "host/engine/ccc/ccc_engine.h"
#include "host/engine/pb/dij.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "test_support.h"

using namespace srtdose;

TEST_CASE("Dij x open-field weights equals the pencil-beam dose", "[pb][dij][slow]") {
  test::TempDir dir;
  MachineSpec spec = MachineSpec::load(builtin_machine_spec("ideal-6mv"));
  spec.kernel_histories = 20000;
  build_machine_file(spec, dir / "m.h5");
  nlohmann::json doc = test::minimal_plan_json();  // 40 mm water cube, 2 mm, 20 x 20 mm AP
  doc["fractions"] = 2;
  doc["beams"].push_back(doc["beams"][0]);
  doc["beams"][1]["name"] = "LAT";
  doc["beams"][1]["gantry_deg"] = 90;
  doc["beams"][1]["mu"] = 50;
  const Plan plan = test::parse_test_plan(doc);
  const PatientModel pm = build_patient_model(plan);
  const PbBeamData data = PbBeamData::from_machine_file(dir / "m.h5", 2.5);
  const Volume<float> dose =
      plan_dose_sum(plan, pm, [&](const BeamSegment& s) { return pb_dose_per_mu(pm, s, data); });
  // Entries under threshold x the row maximum are dropped: 1e-4 (the CLI default) loses the
  // far tails of many beamlets, about 1 % of the dose here; 1e-5 keeps 0.5 %.
  for (double threshold : {0.0, 1e-5, 1e-4}) {
    DijOptions o;
    o.cutoff_mm = 80;
    o.threshold = threshold;
    const DijMatrix m = compute_dij(plan, pm, data, o);
    REQUIRE(m.beamlets.size() > 100);
    const Volume<float> dw = m.multiply(m.open_weights());
    const double mx = dose.max_value();
    double worst = 0;
    for (std::int64_t v = 0; v < dose.size(); ++v)
      if (dose[v] > 0.1 * mx)
        worst = std::max(worst, std::abs(static_cast<double>(dw[v]) / dose[v] - 1));
    INFO("threshold " << threshold);
    CHECK(worst < (threshold > 5e-5 ? 0.015 : 0.005));
    WARN("Dij threshold " << threshold << ": " << m.data.size()
                          << " non-zeros, largest D w / dose - 1 = " << 100 * worst << " %");
  }
  // A short cutoff loses the scatter tail: less dose, never more.
  DijOptions short_cut;
  short_cut.cutoff_mm = 5;
  const DijMatrix s = compute_dij(plan, pm, data, short_cut);
  CHECK(s.multiply(s.open_weights()).max_value() < dose.max_value());

  // File: a consistent CSR matrix.
  DijOptions o;
  const DijMatrix m = compute_dij(plan, pm, data, o);
  write_dij_hdf5(dir / "dij.h5", m, plan);
  const H5File f = H5File::open_read(dir / "dij.h5");
  std::vector<std::size_t> d;
  const auto indptr = f.read_array("/dij/indptr", d);
  const auto indices = f.read_array("/dij/indices", d);
  const auto values = f.read_array("/dij/data", d);
  REQUIRE(indptr.size() == m.beamlets.size() + 1);
  CHECK(indptr.front() == 0);
  CHECK(indptr.back() == static_cast<double>(values.size()));
  CHECK(indices.size() == values.size());
  for (std::size_t j = 1; j < indptr.size(); ++j) CHECK(indptr[j] >= indptr[j - 1]);
  CHECK(*std::max_element(indices.begin(), indices.end()) < static_cast<double>(pm.grid().size()));
  CHECK(f.read_array("/beamlets/open_weight", d).size() == m.beamlets.size());
}
