// Ranges every number entering srtdose from a plan, a DICOM file or an HDF5 file is checked
// against: wide enough for any patient and treatment machine, narrow enough that no value
// becomes an overflow, an empty grid or a silent NaN further down.
#pragma once

namespace srtdose {

/// Positions in patient coordinates (isocentres, phantom extents and shapes, contour points).
inline constexpr double kMaxPatientCoordinateMm = 10000.0;
/// Voxel sizes of volumes read from files (doses, CTs, masks), in mm.
inline constexpr double kMinVoxelMm = 0.01, kMaxVoxelMm = 500.0;
/// Monitor units of one beam in one fraction.
inline constexpr double kMaxBeamMu = 100000.0;
/// Cumulative meterset weight of a control point (DICOM writes 0..1 or 0..MU).
inline constexpr double kMaxMetersetWeight = 1.0e6;
/// A dose value in any dose file, in Gy (a plan total; 10 000 Gy is far beyond any treatment).
inline constexpr double kMaxDoseGy = 10000.0;
/// Mass density (g/cm3): denser than any clinical material (gold 19.3).
inline constexpr double kMaxDensityGcm3 = 25.0;
/// Collimator positions at the isocentre plane (mm): beyond any collimator's travel.
inline constexpr double kMaxApertureMm = 300.0;
/// Arc segment spacing (degrees): below 0.1 degree a segment changes nothing measurable.
inline constexpr double kMinArcSpacingDeg = 0.1, kMaxArcSpacingDeg = 30.0;
/// CT numbers of a calibration table.
inline constexpr double kMinHu = -10000.0, kMaxHu = 100000.0;

}  // namespace srtdose
