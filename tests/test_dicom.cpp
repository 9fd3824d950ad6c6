// DICOM import and export (DCMTK): CT series ordering and rejections, structure rasterisation
// against analytic areas, RT Dose round trip, and clear errors for malformed files.
#include <dcmtk/dcmdata/dctk.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "host/core/error.h"
#include "host/dicom/rtstruct_writer.h"
#include "host/io/ct_series.h"
#include "host/io/ct_writer.h"
#include "host/io/rtdose.h"
#include "host/io/rtstruct.h"
#include "host/physics/constants.h"
#include "test_support.h"

using namespace srtdose;
namespace fs = std::filesystem;

namespace {

/// A small HU volume whose value encodes the voxel (so any reordering shows).
Volume<float> coded_ct() {
  const Grid3 g({7, 5, 6}, {1.5, 2.0, 2.5}, {-10, 20, -30});
  Volume<float> hu(g, 0.0f);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i)
        hu.at(i, j, k) = static_cast<float>(-1000 + 100 * k + 10 * j + i);
  return hu;
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  std::sort(out.rbegin(), out.rend());  // reverse order: the reader must sort by position
  return out;
}

/// Changes one attribute of a written DICOM file.
void patch(const fs::path& file, const DcmTagKey& tag, const std::string& value) {
  DcmFileFormat ff;
  REQUIRE(ff.loadFile(file.c_str()).good());
  REQUIRE(ff.getDataset()->putAndInsertString(tag, value.c_str()).good());
  REQUIRE(ff.saveFile(file.c_str(), EXS_LittleEndianExplicit).good());
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("CT series: slices sorted, HU and geometry kept", "[dicom]") {
  test::TempDir dir;
  const Volume<float> hu = coded_ct();
  dicom::DicomIdentity id;
  id.complete();
  dicom::write_ct_series(dir.path(), hu, PatientPosition::HFS, id);
  const dicom::CtSeries ct = dicom::read_ct_series(files_in(dir.path()));
  REQUIRE(ct.hu.grid() == hu.grid());
  for (std::int64_t v = 0; v < hu.size(); ++v) CHECK(ct.hu[v] == hu[v]);
  CHECK(ct.position == PatientPosition::HFS);
  CHECK(ct.sop_instance_uids.size() == 6);
}

TEST_CASE("CT series: tilted, irregular, mixed or foreign slices are rejected", "[dicom]") {
  const Volume<float> hu = coded_ct();
  dicom::DicomIdentity id;
  id.complete();
  auto fresh = [&](test::TempDir& dir) {
    dicom::write_ct_series(dir.path(), hu, PatientPosition::HFS, id);
    return dir.path() / "CT_0003.dcm";
  };
  {
    test::TempDir dir;
    patch(fresh(dir), DCM_ImagePositionPatient, "-10\\22\\-25");  // origin moves in-plane
    CHECK_THAT(error_of([&] { dicom::read_ct_series(files_in(dir.path())); }),
               Catch::Contains("gantry tilt") && Catch::Contains("CT_0003.dcm"));
  }
  {
    test::TempDir dir;
    patch(fresh(dir), DCM_ImagePositionPatient, "-10\\20\\-24");  // 3.5 mm then 1.5 mm
    CHECK_THAT(error_of([&] { dicom::read_ct_series(files_in(dir.path())); }),
               Catch::Contains("irregular slice spacing"));
  }
  {
    test::TempDir dir;
    patch(fresh(dir), DCM_ImageOrientationPatient, "1\\0\\0\\0\\0.8\\0.6");
    CHECK_THAT(error_of([&] { dicom::read_ct_series(files_in(dir.path())); }),
               Catch::Contains("mixed orientations"));
  }
  {
    test::TempDir dir;
    patch(fresh(dir), DCM_Modality, "MR");
    CHECK_THAT(error_of([&] { dicom::read_ct_series(files_in(dir.path())); }),
               Catch::Contains("modality MR"));
  }
  {
    test::TempDir dir;
    const fs::path f = fresh(dir);
    // Truncate a slice in its pixel data.
    const auto size = fs::file_size(f);
    fs::resize_file(f, size - 40);
    CHECK_THAT(error_of([&] { dicom::read_ct_series(files_in(dir.path())); }),
               Catch::Contains("CT_0003.dcm"));
  }
  {
    test::TempDir dir;
    fresh(dir);
    DcmFileFormat ff;
    REQUIRE(ff.loadFile((dir.path() / "CT_0002.dcm").c_str()).good());
    ff.getDataset()->findAndDeleteElement(DCM_PixelSpacing);
    REQUIRE(ff.saveFile((dir.path() / "CT_0002.dcm").c_str(), EXS_LittleEndianExplicit).good());
    CHECK_THAT(error_of([&] { dicom::read_ct_series(files_in(dir.path())); }),
               Catch::Contains("(0028,0030) PixelSpacing: missing"));
  }
}

TEST_CASE("Structure contours rasterise to their analytic volumes", "[dicom]") {
  const Grid3 g({60, 60, 20}, {1.0, 1.0, 2.0}, {-29.5, -29.5, -19});
  SECTION("a sphere written as contours and read back") {
    Shape sphere;
    sphere.type = ShapeType::Sphere;
    sphere.center_mm = {1.3, -2.1, 0.4};
    sphere.radius_mm = 15;
    dicom::RoiContours roi;
    roi.name = "PTV";
    roi.contours = dicom::shape_contours(sphere, g);
    const Volume<float> m = dicom::rasterise_roi(roi, g);
    // Each slice holds the circle at its centre: the volume is the sum of slab areas.
    double expected = 0;
    for (int k = 0; k < g.nz(); ++k) {
      const double dz = g.position_mm(0, 0, k).z - sphere.center_mm.z;
      if (std::abs(dz) < 15) expected += physics::kPi * (225 - dz * dz) * 2.0;
    }
    double got = 0;
    for (float f : m.values()) got += f * 2.0;
    CHECK(got == Approx(expected).epsilon(0.005));
  }
  SECTION("a square with a square hole (even-odd)") {
    dicom::RoiContours roi;
    roi.name = "RING";
    const double z = g.position_mm(0, 0, 7).z;
    roi.contours.push_back({{-20, -20, z}, {20, -20, z}, {20, 20, z}, {-20, 20, z}});
    roi.contours.push_back(
        {{-7.25, -7.25, z}, {7.25, -7.25, z}, {7.25, 7.25, z}, {-7.25, 7.25, z}});
    const Volume<float> m = dicom::rasterise_roi(roi, g);
    double area = 0;
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) area += m.at(i, j, 7);
    // 5 x 5 sub-samples per 1 mm voxel: an edge inside a voxel is placed to 0.2 mm.
    CHECK(area == Approx(1600 - 14.5 * 14.5).epsilon(0.005));
    CHECK(m.at(30, 30, 7) == 0.0f);  // inside the hole
    CHECK(m.at(12, 30, 7) == 1.0f);  // in the ring (x = -17.5 mm)
    CHECK(m.at(5, 30, 7) == 0.0f);   // outside it (x = -24.5 mm)
    for (int k = 0; k < g.nz(); ++k)
      if (k != 7) CHECK(m.at(12, 30, k) == 0.0f);  // no contour invented between slices
  }
}

TEST_CASE("RT Dose export and import round trip", "[dicom]") {
  test::TempDir dir;
  const Grid3 g({9, 7, 5}, {2.5, 2.0, 3.0}, {-11.25, 3.0, -6.0});
  Volume<float> dose(g, 0.0f);
  for (std::int64_t v = 0; v < g.size(); ++v) dose[v] = static_cast<float>(0.37 * (v % 23));
  dicom::RtDoseExport meta;
  meta.referenced_plan_uid = "1.2.3.4";
  dicom::write_rtdose(dir / "RD.dcm", dose, meta);
  const dicom::RtDose back = dicom::read_rtdose(dicom::DicomFile::load(dir / "RD.dcm"));
  REQUIRE(back.dose.grid() == g);
  CHECK(back.units == "GY");
  CHECK(back.summation == "PLAN");
  CHECK(back.referenced_plan_uid == "1.2.3.4");
  const double step = dose.max_value() / 65535;
  for (std::int64_t v = 0; v < g.size(); ++v) CHECK(std::abs(back.dose[v] - dose[v]) <= step);
  // Negative or non-finite doses are refused, and no file is left behind.
  dose[3] = -1;
  CHECK_THROWS_AS(dicom::write_rtdose(dir / "bad.dcm", dose, meta), InputError);
  CHECK_FALSE(fs::exists(dir / "bad.dcm"));
}

TEST_CASE("Malformed DICOM files give errors naming the file", "[dicom]") {
  test::TempDir dir;
  { std::ofstream(dir / "text.dcm") << "not DICOM\n"; }
  CHECK_THAT(error_of([&] { dicom::DicomFile::load(dir / "text.dcm"); }),
             Catch::Contains("text.dcm") && Catch::Contains("not a readable DICOM file"));
  CHECK_THAT(error_of([&] { dicom::DicomFile::load(dir / "missing.dcm"); }),
             Catch::Contains("missing.dcm"));
  // An RT Dose without DoseUnits.
  Volume<float> dose(Grid3({2, 2, 2}, {1, 1, 1}, {0, 0, 0}), 1.0f);
  dicom::write_rtdose(dir / "RD.dcm", dose, {});
  DcmFileFormat ff;
  REQUIRE(ff.loadFile((dir / "RD.dcm").c_str()).good());
  ff.getDataset()->findAndDeleteElement(DCM_DoseUnits);
  REQUIRE(ff.saveFile((dir / "RD.dcm").c_str(), EXS_LittleEndianExplicit).good());
  CHECK_THAT(error_of([&] { dicom::read_rtdose(dicom::DicomFile::load(dir / "RD.dcm")); }),
             Catch::Contains("RD.dcm: (3004,0002) DoseUnits: missing"));
  // A CT read as a dose.
  dicom::DicomIdentity id;
  id.complete();
  dicom::write_ct_series(dir.path(), coded_ct(), PatientPosition::HFS, id);
  CHECK_THAT(error_of([&] { dicom::read_rtdose(dicom::DicomFile::load(dir / "CT_0001.dcm")); }),
             Catch::Contains("modality CT, expected RTDOSE"));
}
