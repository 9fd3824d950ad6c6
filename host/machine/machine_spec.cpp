#include "host/machine/machine_spec.h"

#include "host/core/error.h"
#include "host/qa/constraints.h"
#include "host/util/json_cursor.h"
#include "host/util/json_file.h"

namespace srtdose {

namespace fs = std::filesystem;

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
  JsonCursor src = root.at("source");
  src.expect_object();
  m.source = src.at("type").string();
  if (m.source != "point") src.at("type").fail("only \"point\" sources are supported so far");
  m.sad_mm = src.at("sad_mm").number_in(100, 2000, "SAD (mm)");
  src.finish();

  JsonCursor sp = root.at("spectrum");
  sp.expect_object();
  if (auto b = sp.find("builtin")) {
    const std::string n = b->string();
    if (n != "mohan6") b->fail("unknown built-in spectrum '" + n + "' (known: mohan6)");
    m.spectrum = physics::mohan_6mv();
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
