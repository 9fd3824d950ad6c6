// libFuzzer harness: any bytes as a DICOM file, read by the importer that its modality selects
// (RT Plan, RT Structure Set with every ROI rasterised on a small grid, RT Dose, CT image).
// Answers are an IoError/InputError or data; never a crash, an undefined operation or an
// unbounded allocation.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "host/core/error.h"
#include "host/core/memory_budget.h"
#include "host/dicom/rtplan.h"
#include "host/io/ct_series.h"
#include "host/io/dicom_file.h"
#include "host/io/rtdose.h"
#include "host/io/rtstruct.h"

namespace {

const std::filesystem::path& scratch() {
  static const std::filesystem::path p = std::filesystem::temp_directory_path() /
                                         ("srtdose-fuzz-" + std::to_string(getpid()) + ".dcm");
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace srtdose;
  static const std::vector<dicom::MachineRule> machines = [] {
    set_memory_budget_gb(0.25);  // below libFuzzer's RSS limit
    return dicom::read_machine_map(dicom::default_machine_map());
  }();
  {
    std::ofstream out(scratch(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const dicom::DicomFile f = dicom::DicomFile::load(scratch());
    const std::string modality = f.modality();
    if (modality == "RTPLAN") {
      (void)dicom::read_rtplan(f, machines);
    } else if (modality == "RTSTRUCT") {
      const dicom::StructureSet s = dicom::read_rtstruct(f);
      const Grid3 grid({16, 16, 8}, {4, 4, 4}, {-30, -30, -14});
      for (const dicom::RoiContours& roi : s.rois) (void)dicom::rasterise_roi(roi, grid, 2);
    } else if (modality == "RTDOSE") {
      (void)dicom::read_rtdose(f);
    } else if (modality == "CT") {
      (void)dicom::read_ct_series({scratch()});
    }
  } catch (const Error&) {
    // A clear error is the right answer to a broken file.
  }
  return 0;
}
