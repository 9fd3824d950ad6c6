// Run-time choice of the compute backend: cpu, cuda, or auto (cuda when a device is usable).
#pragma once

#include <string>
#include <string_view>

namespace srtdose {

enum class Device { Cpu, Cuda, Auto };

/// "cpu" | "cuda" | "auto"; throws InputError naming `where` otherwise.
Device device_by_name(std::string_view name, const std::string& where);
std::string_view to_string(Device d);

/// Auto -> Cuda when a device is usable, else Cpu. Cuda without a usable device throws
/// DeviceError saying why (no CUDA in this build, no driver, no device).
Device resolve_device(Device requested);

}  // namespace srtdose
