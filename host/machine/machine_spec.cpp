#include "host/machine/machine_spec.h"

#include "host/physics/energy_groups.h"

#include "host/core/data_dir.h"
#include "host/core/error.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose {

namespace fs = std::filesystem;

namespace {

/// Target and filter metals by symbol: Z and density (g/cm3, CRC Handbook).
physics::FilterSlab metal(JsonCursor c) {
  const std::string sym = c.string();
  if (sym == "W") return {74, 19.3, 0};
  if (sym == "Cu") return {29, 8.96, 0};
  c.fail("unknown element '" + sym + "' (known: W, Cu)");
}

void read_source(JsonCursor src, MachineSpec& m) {
  src.expect_object();
  m.source = src.at("type").string();
  if (m.source != "point" && m.source != "gaussian")
    src.at("type").fail("unknown source type '" + m.source + "' (known: point, gaussian)");
  m.sad_mm = src.at("sad_mm").number_in(100, 2000, "SAD (mm)");
  m.head.sad_mm = m.sad_mm;
  constexpr double kFwhmToSigma = 1 / 2.3548200450309493;
  if (m.source == "gaussian") {
    m.head.focal_spot_sigma_mm =
        kFwhmToSigma * src.at("focal_spot_fwhm_mm").number_in(0, 10, "focal spot FWHM (mm)");
    if (auto e = src.find("extra_focal")) {
      e->expect_object();
      m.head.extra_focal_weight = e->at("weight").number_in(0, 0.5, "extra-focal weight");
      m.head.extra_focal_sigma_mm =
          kFwhmToSigma * e->at("fwhm_mm").number_in(0, 200, "extra-focal FWHM (mm)");
      m.head.extra_focal_distance_mm =
          e->at("distance_mm").number_in(1, 500, "extra-focal source distance (mm)");
      e->finish();
    }
  }
  src.finish();
}

void read_spectrum(JsonCursor sp, MachineSpec& m) {
  sp.expect_object();
  if (auto b = sp.find("builtin")) {
    const std::string n = b->string();
    if (n != "mohan6") b->fail("unknown built-in spectrum '" + n + "' (known: mohan6)");
    m.spectrum = physics::mohan_6mv();
  } else if (auto model = sp.find("model")) {
    if (model->string() != "thick_target")
      model->fail("unknown spectrum model (known: thick_target)");
    physics::ThickTargetModel t;
    t.electron_mev = sp.at("electron_mev").number_in(1, 20, "electron energy (MeV)");
    JsonCursor target = sp.at("target");
    target.expect_object();
    const physics::FilterSlab w = metal(target.at("element"));
    t.target_z = w.z, t.target_density_g_cm3 = w.density_g_cm3;
    t.target_thickness_mm = target.at("thickness_mm").number_in(0.01, 20, "thickness (mm)");
    target.finish();
    if (auto filters = sp.find("filters"))
      for (JsonCursor f : filters->elements()) {
        f.expect_object();
        physics::FilterSlab slab = metal(f.at("element"));
        slab.thickness_mm = f.at("thickness_mm").number_in(0, 100, "thickness (mm)");
        f.finish();
        t.filters.push_back(slab);
      }
    if (auto ff = sp.find("flattening_filter")) {
      ff->expect_object();
      t.flattening = metal(ff->at("element"));
      t.flattening.thickness_mm = ff->at("on_axis_mm").number_in(0, 100, "thickness (mm)");
      if (auto d = ff->find("flat_depth_cm")) t.flat_depth_cm = d->number_in(0, 30, "depth (cm)");
      ff->finish();
    }
    if (auto width = sp.find("bin_mev")) t.bin_mev = width->number_in(0.05, 1, "bin width (MeV)");
    const std::string citation = sp.at("citation").string();
    m.spectrum = physics::thick_target_spectrum(t, m.name, citation);
    m.target_model = t;
    for (int r = 0; r <= 200; r += 10) m.off_axis_radius_mm.push_back(r);
  } else {
    m.spectrum.name = sp.at("name").string();
    m.spectrum.citation = sp.at("citation").string();
    if (auto lo = sp.find("bin_min_mev")) m.spectrum.bin_min_mev = lo->number_in(0, 20, "energy");
    m.spectrum.bin_top_mev = sp.at("bin_top_mev").numbers();
    m.spectrum.fluence = sp.at("fluence").numbers();
    try {
      m.spectrum.validate();
    } catch (const InputError& e) {
      sp.fail(e.what());
    }
  }
  sp.finish();
}

void read_head(JsonCursor h, MachineSpec& m) {
  h.expect_object();
  HeadModel& head = m.head;
  if (auto t = h.find("jaw_transmission"))
    head.jaw_transmission = t->number_in(0, 0.2, "transmission");
  if (auto t = h.find("cone_transmission"))
    head.cone_transmission = t->number_in(0, 0.2, "transmission");
  if (auto mlc = h.find("mlc")) {
    mlc->expect_object();
    if (auto t = mlc->find("transmission"))
      head.mlc_transmission = t->number_in(0, 0.2, "transmission");
    if (auto o = mlc->find("leaf_end_offset_mm"))
      head.leaf_end_offset_mm = o->number_in(0, 5, "leaf-end offset (mm)");
    if (auto tg = mlc->find("tongue_groove_mm"))
      head.tongue_groove_mm = tg->number_in(0, 5, "tongue-and-groove width (mm)");
    mlc->finish();
  }
  if (auto e = h.find("electron_contamination")) {
    e->expect_object();
    head.electron_surface_fraction = e->at("surface_fraction").number_in(0, 1, "surface fraction");
    head.electron_depth_cm = e->at("depth_cm").number_in(0.05, 5, "e-folding depth (cm)");
    head.electron_sigma_mm = e->at("sigma_mm").number_in(1, 100, "lateral spread (mm)");
    e->finish();
  }
  m.head_citation = h.at("citation").string();
  h.finish();
}

}  // namespace

MachineSpec MachineSpec::load(const fs::path& file) {
  const nlohmann::json doc = read_json_file(file, "machine spec");
  JsonCursor root(doc, file.string(), "");
  root.expect_object();
  if (root.at("srtdose_machine_spec").integer() != 1)
    root.at("srtdose_machine_spec").fail("unsupported format version (this build reads 1)");
  MachineSpec m;
  m.file = file;
  m.name = root.at("name").string();
  if (auto d = root.find("description")) m.description = d->string();
  read_source(root.at("source"), m);
  read_spectrum(root.at("spectrum"), m);
  if (auto h = root.find("head")) read_head(*h, m);
  if (auto k = root.find("kernel")) {
    k->expect_object();
    if (auto h = k->find("histories")) {
      const double n = h->number_in(1000, 1e10, "histories");
      m.kernel_histories = static_cast<std::int64_t>(n);
    }
    if (auto s = k->find("seed"))
      m.kernel_seed = static_cast<std::uint64_t>(s->number_in(0, 1e15, "seed"));
    if (auto z = k->find("zenith_bands")) {
      m.zenith_bands = z->integer();
      if (m.zenith_bands < 1 || m.zenith_bands > 180) z->fail("must be 1..180");
    }
    if (auto g = k->find("energy_groups")) {
      m.energy_groups = g->integer();
      if (m.energy_groups < 1 || m.energy_groups > physics::kMaxEnergyGroups)
        g->fail("must be 1.." + std::to_string(physics::kMaxEnergyGroups));
    }
    if (auto d = k->find("delta_ray_threshold_mev"))
      m.delta_ray_threshold_mev = d->number_in(0.001, 1, "threshold (MeV)");
    k->finish();
  }
  root.finish();
  return m;
}

fs::path builtin_machine_spec(const std::string& name) {
  const fs::path p = data_dir() / "machines" / (name + ".json");
  if (!fs::is_regular_file(p))
    throw InputError("no built-in machine spec '" + name + "' in " +
                     (data_dir() / "machines").string());
  return p;
}

fs::path builtin_machine_file(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return {};
  const fs::path p = data_dir() / "machines" / (name + ".h5");
  return fs::is_regular_file(p) ? p : fs::path{};
}

}  // namespace srtdose
