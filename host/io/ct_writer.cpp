#include "host/io/ct_writer.h"

#include <dcmtk/dcmdata/dctk.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "host/core/error.h"

namespace srtdose::dicom {

WrittenSeries write_ct_series(const std::filesystem::path& dir, const Volume<float>& hu,
                              PatientPosition position, const DicomIdentity& id) {
  const Grid3& g = hu.grid();
  WrittenSeries out;
  out.series_uid = new_uid();
  std::vector<Sint16> pixels(static_cast<std::size_t>(g.nx()) * g.ny());
  for (int k = 0; k < g.nz(); ++k) {
    DatasetBuilder b(UID_CTImageStorage, "CT", id, out.series_uid, 1, "srtdose CT");
    b.put(DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
    b.put(DCM_PatientPosition, std::string(to_string(position)));
    b.put(DCM_InstanceNumber, std::to_string(k + 1));
    b.put(DCM_AcquisitionNumber, "1");
    b.put(DCM_ContentDate, id.date);
    b.put(DCM_ContentTime, id.time);
    b.put(DCM_PatientOrientation, "");
    b.put(DCM_KVP, "");
    b.put(DCM_Laterality, "");
    b.put_image_geometry(g, k, 16, true);
    b.put(DCM_SliceLocation, decimal(g.position_mm(0, 0, k).z));
    b.put(DCM_RescaleIntercept, "0");
    b.put(DCM_RescaleSlope, "1");
    b.put(DCM_RescaleType, "HU");
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const double v = hu.at(i, j, k);
        if (!std::isfinite(v)) throw InputError("CT export: a HU value is not finite");
        pixels[static_cast<std::size_t>(j) * g.nx() + i] =
            static_cast<Sint16>(std::clamp(std::round(v), -1024.0, 3071.0));
      }
    if (b.dataset()
            .putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16*>(pixels.data()),
                                     static_cast<unsigned long>(pixels.size()))
            .bad())
      throw IoError("CT export: cannot store the pixel data");
    char name[32];
    std::snprintf(name, sizeof name, "CT_%04d.dcm", k + 1);
    b.save(dir / name);
    out.sop_uids.push_back(b.sop_uid());
  }
  return out;
}

}  // namespace srtdose::dicom
