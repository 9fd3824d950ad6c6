// The memory budget: every large allocation whose size comes from input (a grid, a segment
// list, a histogram, a volume read from a file) is checked against it before it is made, so a
// plan with 0.01 mm voxels or a file declaring 10^12 voxels is refused with its input named
// and the size it would take, instead of ending in std::bad_alloc or the OOM killer.
#pragma once

#include <cstdint>
#include <string>

namespace srtdose {

/// The budget in bytes: 4 GiB unless set_memory_budget_gb() or SRTDOSE_MAX_MEMORY_GB says
/// otherwise (a malformed variable is an InputError).
std::uint64_t memory_budget_bytes();
/// Sets the budget (GiB, > 0); throws InputError otherwise.
void set_memory_budget_gb(double gib);

/// What a dose computation holds per voxel of its grid, roughly: density, material, TERMA or
/// radiological depth, dose (float and double accumulators), structure masks.
inline constexpr double kWorkingBytesPerVoxel = 32.0;

/// Throws InputError "<what>: needs about X GiB (count x bytes_each), more than the memory
/// budget of Y GiB (--max-memory-gb or SRTDOSE_MAX_MEMORY_GB raise it)" when count x
/// bytes_each exceeds the budget; count may be any non-negative double (not finite: refused).
void check_memory(const std::string& what, double count, double bytes_each);

}  // namespace srtdose
