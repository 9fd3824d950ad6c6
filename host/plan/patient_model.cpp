#include "host/plan/patient_model.h"

#include "host/core/contract.h"

#include "host/plan/dicom_patient.h"

#include <algorithm>
#include <cmath>

#include "host/core/contract.h"
#include "host/core/error.h"
#include "host/core/materials.h"
#include "host/core/numeric_cast.h"
#include "host/core/resample.h"
#include "host/io/hdf5_file.h"
#include "host/plan/beam_reach.h"
#include "host/plan/partial_volume.h"

namespace srtdose {

double Structure::volume_cm3() const {
  double sum = 0.0;
  for (float f : fraction.values()) sum += f;
  return sum * fraction.grid().voxel_volume_cm3();
}

const Structure* PatientModel::find_structure(const std::string& name) const {
  for (const Structure& s : structures) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Volume<float> shape_mask(const Shape& shape, const Grid3& grid) {
  Volume<float> mask(grid, 0.0f);
  const Box3 b = shape_bounds(shape);
  int lo[3], hi[3];
  for (int a = 0; a < 3; ++a) {
    const double c0 = (b.min_mm[a] - grid.origin_mm()[a]) / grid.spacing_mm()[a];
    const double c1 = (b.max_mm[a] - grid.origin_mm()[a]) / grid.spacing_mm()[a];
    lo[a] = clamped_floor<int>(c0 + 0.5, 1, grid.dims()[a] + 1) - 1;
    hi[a] = clamped_ceil<int>(c1 - 0.5, -1, grid.dims()[a] - 2) + 1;
    if (lo[a] > hi[a]) return mask;
  }
  const Vec3 half = 0.5 * grid.spacing_mm();
  const double voxel_mm3 = grid.spacing_mm().x * grid.spacing_mm().y * grid.spacing_mm().z;
#pragma omp parallel for collapse(2) schedule(dynamic)
  for (int k = lo[2]; k <= hi[2]; ++k) {
    for (int j = lo[1]; j <= hi[1]; ++j) {
      for (int i = lo[0]; i <= hi[0]; ++i) {
        const Vec3 c = grid.position_mm(i, j, k);
        const Box3 voxel{c - half, c + half};
        if (shape.type == ShapeType::Sphere) {
          // Quick classification; only voxels cut by the surface need the exact overlap.
          Vec3 near, far;
          for (int a = 0; a < 3; ++a) {
            const double d0 = voxel.min_mm[a] - shape.center_mm[a];
            const double d1 = voxel.max_mm[a] - shape.center_mm[a];
            near[a] = (d0 > 0) ? d0 : (d1 < 0 ? d1 : 0.0);
            far[a] = std::max(std::abs(d0), std::abs(d1));
          }
          if (norm(far) <= shape.radius_mm) {
            mask.at(i, j, k) = 1.0f;
            continue;
          }
          if (norm(near) >= shape.radius_mm) continue;
        }
        const double f = shape_box_overlap_mm3(shape, voxel) / voxel_mm3;
        mask.at(i, j, k) = static_cast<float>(std::clamp(f, 0.0, 1.0));
      }
    }
  }
  return mask;
}

PatientModel build_phantom(const PhantomSpec& spec, PatientPosition position) {
  const Grid3 grid = Grid3::covering(spec.extent_mm, spec.voxel_mm, "patient.phantom.extent_mm");
  PatientModel m;
  m.position = position;
  m.density_g_cm3 = Volume<float>(grid, static_cast<float>(spec.medium_density_g_cm3));
  m.material = Volume<std::uint8_t>(
      grid, static_cast<std::uint8_t>(material_by_name(spec.medium_material, "medium").id));
  for (const PhantomObject& o : spec.objects) {
    const Volume<float> f = shape_mask(o.shape, grid);
    const auto mat = static_cast<std::uint8_t>(material_by_name(o.material, "object").id);
    for (std::int64_t v = 0; v < grid.size(); ++v) {
      const float w = f[v];
      if (w <= 0.0f) continue;
      m.density_g_cm3[v] =
          (1.0f - w) * m.density_g_cm3[v] + w * static_cast<float>(o.density_g_cm3);
      if (w >= 0.5f) m.material[v] = mat;
    }
    if (o.structure) m.structures.push_back({*o.structure, f});
  }
  return m;
}

PatientModel patient_from_hu(const Volume<float>& hu, const HuCalibration& calibration,
                             PatientPosition position, const std::string& label) {
  PatientModel m;
  m.position = position;
  m.density_g_cm3 = Volume<float>(hu.grid());
  m.material = Volume<std::uint8_t>(hu.grid());
  for (std::int64_t v = 0; v < hu.size(); ++v) {
    if (!std::isfinite(hu[v])) {
      throw InputError(label + ": HU value at voxel " + std::to_string(v) + " is not finite");
    }
    const double rho = calibration.density_g_cm3(hu[v]);
    m.density_g_cm3[v] = static_cast<float>(rho);
    m.material[v] = static_cast<std::uint8_t>(material_for_ct_density(rho));
  }
  return m;
}

Grid3 plan_dose_grid(const Plan& plan, const Grid3& patient) {
  if (!plan.dose_grid.voxel_mm && !plan.dose_grid.extent_mm) return patient;
  const Vec3 voxel = plan.dose_grid.voxel_mm.value_or(patient.spacing_mm());
  const Box3 box = plan.dose_grid.extent_mm.value_or(patient.bounds_mm());
  if (voxel == patient.spacing_mm() && !plan.dose_grid.extent_mm) return patient;
  return Grid3::covering(box, voxel, plan.source_file.string() + ": dose_grid");
}

namespace {

PatientModel build_ct(const CtSpec& ct, PatientPosition position) {
  const H5File file = H5File::open_read(ct.hdf5);
  return patient_from_hu(file.read_volume("/" + ct.dataset), ct.hu_to_density, position,
                         ct.hdf5.string() + ": /" + ct.dataset);
}

Volume<float> read_mask(const StructureSpec& s, const Grid3& grid) {
  const H5File file = H5File::open_read(s.hdf5);
  Volume<float> mask = file.read_volume("/" + s.dataset);
  for (float f : mask.values()) {
    if (!std::isfinite(f) || f < 0.0f || f > 1.0f) {
      throw InputError(s.hdf5.string() + ": /" + s.dataset + ": structure \"" + s.name +
                       "\" mask values must be fractions in [0, 1]");
    }
  }
  if (!(mask.grid() == grid)) mask = resample_trilinear(mask, grid, 0.0f);
  return mask;
}

}  // namespace

TransportModel transport_model(const PatientModel& mass) {
  SRTDOSE_EXPECT(!mass.water_equivalent, "transport_model: already water-equivalent");
  TransportModel t;
  t.to_medium = Volume<float>(mass.grid(), 1.0f);
  for (std::int64_t v = 0; v < t.to_medium.size(); ++v)
    t.to_medium[v] = static_cast<float>(
        electrons_per_gram_ratio(static_cast<MaterialId>(mass.material[v]), mass.density_g_cm3[v]));
  t.patient.position = mass.position;
  t.patient.material = mass.material;
  t.patient.density_g_cm3 = t.to_medium;
  for (std::int64_t v = 0; v < t.patient.density_g_cm3.size(); ++v)
    t.patient.density_g_cm3[v] *= mass.density_g_cm3[v];
  t.patient.water_equivalent = true;
  return t;
}

PatientModel build_patient_model(const Plan& plan) {
  PatientModel m;
  const std::string label = plan.source_file.empty() ? plan.name : plan.source_file.string();
  if (const auto* ph = std::get_if<PhantomSpec>(&plan.patient.source)) {
    m = build_phantom(*ph, plan.patient.position);
  } else if (const auto* ct = std::get_if<CtSpec>(&plan.patient.source)) {
    m = build_ct(*ct, plan.patient.position);
    for (std::size_t i = 0; i < plan.beams.size(); ++i) {
      check_beam_reaches(plan.beams[i], plan.patient.position, m.grid().bounds_mm(),
                         label + ": beams[" + std::to_string(i) + "]");
    }
  } else {
    const auto& dicom = std::get<DicomSpec>(plan.patient.source);
    m = dicom::dicom_patient(dicom.dir, plan.patient.position, HuCalibration::generic());
    for (std::size_t i = 0; i < plan.beams.size(); ++i) {
      check_beam_reaches(plan.beams[i], plan.patient.position, m.grid().bounds_mm(),
                         label + ": beams[" + std::to_string(i) + "]");
    }
  }
  for (const StructureSpec& s : plan.structures) {
    m.structures.push_back(
        {s.name, s.shape ? shape_mask(*s.shape, m.grid()) : read_mask(s, m.grid())});
  }
  return m;
}

}  // namespace srtdose
