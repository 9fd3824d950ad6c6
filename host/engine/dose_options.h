// The options of a dose computation, the same for every front end (srtdose dose, srtdose
// check, Python): parsed from their names once, checked in one place.
#pragma once

#include <string>
#include <string_view>

#include "host/core/device_choice.h"
#include "host/engine/engine.h"

namespace srtdose {

/// Collapsed cone. Lattice: recursive transport along lattice lines with the exponential
/// kernel (default, CPU or CUDA). Exact: receiving-point ray trace with the tabulated
/// cumulative kernel (CPU, slow; the reference the lattice transport is tested against).
enum class CccTransport { Lattice, Exact };

/// "lattice" | "exact"; InputError naming `where` otherwise.
CccTransport transport_by_name(std::string_view name, const std::string& where);
std::string_view to_string(CccTransport t);

struct DoseOptions {
  EngineKind engine = EngineKind::Ccc;
  Device device = Device::Auto;  ///< cpu, cuda or auto (CUDA where possible)
  // Collapsed cone
  CccTransport transport = CccTransport::Lattice;
  int zenith = 16, azimuths = 12;  ///< cone directions: zenith bands x azimuths per band
  double arc_group_deg = 10;       ///< segments within this gantry range share one transport
  // Pencil beam
  double beamlet_mm = 2.5;       ///< beamlet size at the isocentre plane (mm)
  bool lateral_scaling = false;  ///< lateral density scaling of the kernel (lung)

  /// "ZENITHxAZIMUTH", e.g. "16x12" (--directions); InputError otherwise.
  void set_directions(const std::string& text);
  /// Throws InputError naming the option as the command line does (--engine, --device, ...).
  void validate() const;
  /// Whether the chosen engine (and transport) has a CUDA path.
  bool has_cuda_path() const;
  /// The device the engine will run on (auto: CUDA where the engine has a path and a device
  /// is present). DeviceError when cuda is asked of a machine without one.
  Device resolved_device() const;
  /// The options that shape the dose, as one line (written with every dose file; the device
  /// is written on its own).
  std::string describe() const;
};

}  // namespace srtdose
