// libFuzzer harness for the HDF5 readers: the fuzzer's bytes choose the content of a well-formed
// HDF5 file (dataset rank, dimensions up to 2^40 stored sparsely, element type, geometry and
// fraction attributes of any length and value, NaN and infinities included), written with the
// HDF5 library; srtdose then reads it as a dose, a volume and an array. Well-formed but hostile
// content is what srtdose's code must handle; malformed bytes are the HDF5 library's own
// concern (it is not instrumented here), so they are not what this harness feeds.
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host/core/dose_values.h"
#include "host/core/error.h"
#include "host/core/memory_budget.h"
#include "host/io/hdf5_file.h"

namespace {

const std::filesystem::path& scratch() {
  static const std::filesystem::path p =
      std::filesystem::temp_directory_path() / ("srtdose-fuzz-" + std::to_string(getpid()) + ".h5");
  return p;
}

double any_double(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
      return 0.0;
    case 1:
      return std::numeric_limits<double>::quiet_NaN();
    case 2:
      return in.ConsumeBool() ? 1e300 : -1e300;
    case 3:
      return in.ConsumeBool() ? std::numeric_limits<double>::infinity() : 1e-300;
    default:
      return in.ConsumeFloatingPoint<double>();
  }
}

void write_attribute(hid_t obj, const char* name, FuzzedDataProvider& in) {
  if (in.ConsumeBool()) return;  // missing
  if (in.ConsumeIntegralInRange<int>(0, 4) == 0) {
    const std::string s = in.ConsumeRandomLengthString(16);
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, std::max<std::size_t>(1, s.size()));
    const hid_t sp = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    std::string padded = s.empty() ? std::string(1, '\0') : s;
    H5Awrite(a, t, padded.data());
    H5Aclose(a), H5Sclose(sp), H5Tclose(t);
    return;
  }
  const hsize_t n = in.ConsumeIntegralInRange<hsize_t>(1, 5);
  std::vector<double> v(n);
  for (double& x : v) x = any_double(in);
  const hid_t sp = H5Screate_simple(1, &n, nullptr);
  const hid_t a = H5Acreate2(obj, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_DOUBLE, v.data());
  H5Aclose(a), H5Sclose(sp);
}

bool write_file(FuzzedDataProvider& in) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fcreate(scratch().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) return false;
  const int rank = in.ConsumeIntegralInRange<int>(1, 4);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  hsize_t total = 1;
  for (hsize_t& d : dims) {
    d = in.ConsumeBool() ? in.ConsumeIntegralInRange<hsize_t>(1, 9)
                         : in.ConsumeIntegralInRange<hsize_t>(1, hsize_t{1} << 20);
    total *= d;
  }
  const hid_t types[] = {H5T_IEEE_F32LE, H5T_IEEE_F64LE, H5T_STD_I16LE, H5T_STD_U8LE,
                         H5T_STD_I64LE};
  const hid_t type = types[in.ConsumeIntegralInRange<int>(0, 4)];
  const hid_t space = H5Screate_simple(rank, dims.data(), nullptr);
  const hid_t props = H5Pcreate(H5P_DATASET_CREATE);
  std::vector<hsize_t> chunk(dims.size(), 1);
  H5Pset_chunk(props, rank, chunk.data());  // never written chunks take no space
  const hid_t ds = H5Dcreate2(f, "dose", type, space, H5P_DEFAULT, props, H5P_DEFAULT);
  if (ds >= 0 && total <= 4096) {
    std::vector<double> values(total);
    for (double& v : values)
      v = in.ConsumeBool() ? any_double(in) : in.ConsumeIntegral<std::uint8_t>();
    H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  }
  if (ds >= 0) {
    write_attribute(ds, "origin_mm", in);
    write_attribute(ds, "spacing_mm", in);
    write_attribute(ds, "fractions", in);
    H5Dclose(ds);
  }
  H5Pclose(props), H5Sclose(space);
  return H5Fclose(f) >= 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace srtdose;
  static const bool budget = [] {
    set_memory_budget_gb(0.25);  // below libFuzzer's RSS limit
    return true;
  }();
  (void)budget;
  FuzzedDataProvider in(data, size);
  if (!write_file(in)) return 0;
  try {
    const H5File f = H5File::open_read(scratch());
    try {
      const Volume<float> v = f.read_volume("/dose");
      check_dose_values(v, "fuzz");
    } catch (const Error&) {
    }
    try {
      std::vector<std::size_t> dims;
      (void)f.read_array("/dose", dims);
    } catch (const Error&) {
    }
    try {
      (void)f.read_attr_int("/dose", "fractions");
    } catch (const Error&) {
    }
  } catch (const Error&) {
  }
  return 0;
}
