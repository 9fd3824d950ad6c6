#include "host/io/hdf5_file.h"

#include <cmath>
#include <utility>

#include "host/core/error.h"

#include "host/core/memory_budget.h"

namespace srtdose {

namespace {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (id_ >= 0) closer_(id_);
  }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*closer_)(hid_t);
};

/// HDF5 prints its own error stack unless told not to; srtdose reports errors itself. Nor may
/// HDF5 close files at exit: srtdose closes every file itself (RAII), and a file whose last
/// flush failed (a full disk) would be flushed again by HDF5's exit handler, which crashes.
void silence_hdf5() {
  static const bool done = [] {
    H5dont_atexit();  // before any other HDF5 call of the process; an error after is harmless
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

}  // namespace

void H5File::fail(const std::string& what) const {
  throw IoError(path_.string() + ": " + what);
}

H5File H5File::create(const std::filesystem::path& path) {
  silence_hdf5();
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw IoError(path.string() + ": cannot create HDF5 file");
  return H5File(id, path);
}

H5File H5File::create(const AtomicOutput& output) {
  silence_hdf5();
  const hid_t id = H5Fcreate(output.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw IoError(output.final_path().string() + ": cannot create HDF5 file");
  return H5File(id, output.final_path());
}

H5File H5File::open_read(const std::filesystem::path& path) {
  silence_hdf5();
  if (!std::filesystem::exists(path)) throw IoError(path.string() + ": no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw IoError(path.string() + ": not an HDF5 file (or corrupt)");
  }
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw IoError(path.string() + ": cannot open HDF5 file (corrupt?)");
  return H5File(id, path);
}

H5File::H5File(H5File&& o) noexcept : id_(std::exchange(o.id_, -1)), path_(std::move(o.path_)) {}

H5File& H5File::operator=(H5File&& o) noexcept {
  if (this != &o) {
    if (id_ >= 0) H5Fclose(id_);
    id_ = std::exchange(o.id_, -1);
    path_ = std::move(o.path_);
  }
  return *this;
}

H5File::~H5File() {
  if (id_ >= 0) H5Fclose(id_);
}

void H5File::close() {
  if (id_ < 0) return;
  const hid_t id = std::exchange(id_, -1);
  // Closed whatever the flush says: a file left open is flushed again, and crashes, at exit.
  const bool flushed = H5Fflush(id, H5F_SCOPE_LOCAL) >= 0;
  const bool closed = H5Fclose(id) >= 0;
  if (!flushed || !closed) fail("error while writing and closing the file (disk full?)");
}

bool H5File::exists(const std::string& object) const {
  if (object == "/") return true;
  // Check each path component so a missing parent is not an HDF5 error.
  std::size_t pos = 0;
  while (true) {
    pos = object.find('/', pos + 1);
    const std::string prefix = object.substr(0, pos);
    if (!prefix.empty() && prefix != "/" && H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0) {
      return false;
    }
    if (pos == std::string::npos) return true;
  }
}

void H5File::create_group(const std::string& group) {
  if (exists(group)) return;
  Handle g(H5Gcreate2(id_, group.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail("cannot create group " + group);
}

std::vector<std::string> H5File::members(const std::string& group) const {
  if (!exists(group)) fail("missing group " + group);
  Handle g(H5Gopen2(id_, group.c_str(), H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail(group + " is not a group");
  H5G_info_t info;
  if (H5Gget_info(g.get(), &info) < 0) fail("cannot list group " + group);
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n =
        H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail("cannot list group " + group);
    std::string name(static_cast<std::size_t>(n), '\0');
    H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1,
                       H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

void H5File::write_raw_volume(const std::string& name, const Grid3& g, hid_t mem_type,
                              hid_t file_type, const void* data) {
  const hsize_t dims[3] = {static_cast<hsize_t>(g.nz()), static_cast<hsize_t>(g.ny()),
                           static_cast<hsize_t>(g.nx())};
  Handle space(H5Screate_simple(3, dims, nullptr), H5Sclose);
  // Chunked and deflated: dose grids are mostly zero outside small SRT fields.
  Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  const hsize_t chunk[3] = {1, dims[1], dims[2]};
  if (!space.valid() || !props.valid() || H5Pset_chunk(props.get(), 3, chunk) < 0 ||
      H5Pset_shuffle(props.get()) < 0 || H5Pset_deflate(props.get(), 4) < 0) {
    fail("cannot prepare dataset " + name);
  }
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  Handle ds(
      H5Dcreate2(id_, name.c_str(), file_type, space.get(), lcpl.get(), props.get(), H5P_DEFAULT),
      H5Dclose);
  if (!ds.valid()) fail("cannot create dataset " + name);
  if (H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail("cannot write dataset " + name);
  }
  write_attr(name, "origin_mm", g.origin_mm());
  write_attr(name, "spacing_mm", g.spacing_mm());
}

void H5File::write_volume(const std::string& name, const Volume<float>& v) {
  write_raw_volume(name, v.grid(), H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, v.data());
}

void H5File::write_volume(const std::string& name, const Volume<std::uint8_t>& v) {
  write_raw_volume(name, v.grid(), H5T_NATIVE_UINT8, H5T_STD_U8LE, v.data());
}

void H5File::write_1d(const std::string& name, hid_t file_type, hid_t mem_type, const void* data,
                      std::size_t count) {
  const hsize_t n = count;
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  Handle ds(
      H5Dcreate2(id_, name.c_str(), file_type, space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose);
  if (!ds.valid() || H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail("cannot write dataset " + name);
  }
}

void H5File::write_vector_i32(const std::string& name, const std::vector<std::int32_t>& values) {
  write_1d(name, H5T_STD_I32LE, H5T_NATIVE_INT32, values.data(), values.size());
}

void H5File::write_vector(const std::string& name, const std::vector<std::int64_t>& values) {
  write_1d(name, H5T_STD_I64LE, H5T_NATIVE_INT64, values.data(), values.size());
}

void H5File::write_array(const std::string& name, const std::vector<double>& values,
                         const std::vector<std::size_t>& dims) {
  std::vector<hsize_t> d(dims.begin(), dims.end());
  std::size_t n = 1;
  for (std::size_t x : dims) n *= x;
  if (n != values.size() || d.empty()) fail("array " + name + ": shape does not match its values");
  Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose);
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  Handle ds(H5Dcreate2(id_, name.c_str(), H5T_IEEE_F64LE, space.get(), lcpl.get(), H5P_DEFAULT,
                       H5P_DEFAULT),
            H5Dclose);
  if (!ds.valid() ||
      H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail("cannot write dataset " + name);
  }
}

void H5File::write_array_f32(const std::string& name, const std::vector<float>& values) {
  write_1d(name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, values.data(), values.size());
}

std::vector<double> H5File::read_array(const std::string& name,
                                       std::vector<std::size_t>& dims) const {
  if (!exists(name)) fail("missing dataset " + name);
  Handle ds(H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail(name + " is not a dataset");
  Handle space(H5Dget_space(ds.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 1 || rank > 8) fail(name + ": unsupported rank");
  std::vector<hsize_t> d(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
  dims.assign(d.begin(), d.end());
  double count = 1;
  for (hsize_t x : d) count *= static_cast<double>(x);
  check_memory(path_.string() + ": dataset " + name, count, sizeof(double));
  std::size_t n = 1;
  for (hsize_t x : d) n *= x;
  Handle type(H5Dget_type(ds.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) fail(name + ": not a numeric dataset");
  std::vector<double> v(n);
  if (H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
    fail("cannot read dataset " + name + " (corrupt?)");
  return v;
}

std::array<hsize_t, 3> H5File::volume_dims(const std::string& name) const {
  if (!exists(name)) fail("missing dataset " + name);
  Handle ds(H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail(name + " is not a dataset");
  Handle space(H5Dget_space(ds.get()), H5Sclose);
  if (H5Sget_simple_extent_ndims(space.get()) != 3) fail(name + ": expected a 3D dataset");
  hsize_t dims[3];
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  for (hsize_t d : dims) {
    if (d < 1 || d > 1000000) fail(name + ": dimension out of range (1..1000000)");
  }
  check_memory(
      path_.string() + ": volume " + name + " of " + std::to_string(dims[2]) + " x " +
          std::to_string(dims[1]) + " x " + std::to_string(dims[0]) + " voxels",
      static_cast<double>(dims[0]) * static_cast<double>(dims[1]) * static_cast<double>(dims[2]),
      sizeof(float));
  return {dims[0], dims[1], dims[2]};
}

Grid3 H5File::read_grid(const std::string& name) const {
  const auto dims = volume_dims(name);
  const Vec3 origin = read_attr_vec3(name, "origin_mm");
  const Vec3 spacing = read_attr_vec3(name, "spacing_mm");
  check_image_geometry(spacing, origin, path_.string() + ": " + name);
  try {
    return Grid3({static_cast<int>(dims[2]), static_cast<int>(dims[1]), static_cast<int>(dims[0])},
                 spacing, origin);
  } catch (const InputError& e) {
    fail(name + ": invalid geometry attributes (" + e.what() + ")");
  }
}

Volume<float> H5File::read_volume(const std::string& name) const {
  Volume<float> v(read_grid(name));
  Handle ds(H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose);
  Handle type(H5Dget_type(ds.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) fail(name + ": not a numeric dataset");
  if (H5Dread(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0) {
    fail("cannot read dataset " + name + " (corrupt?)");
  }
  return v;
}

Volume<std::uint8_t> H5File::read_volume_u8(const std::string& name) const {
  Volume<std::uint8_t> v(read_grid(name));
  Handle ds(H5Dopen2(id_, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (H5Dread(ds.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0) {
    fail("cannot read dataset " + name + " (corrupt?)");
  }
  return v;
}

void H5File::write_attr_raw(const std::string& object, const std::string& attr, hid_t type,
                            hid_t space, const void* data) {
  if (H5Aexists_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT) > 0) {
    H5Adelete_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT);
  }
  Handle a(H5Acreate_by_name(id_, object.c_str(), attr.c_str(), type, space, H5P_DEFAULT,
                             H5P_DEFAULT, H5P_DEFAULT),
           H5Aclose);
  if (!a.valid() || H5Awrite(a.get(), type, data) < 0) {
    fail("cannot write attribute " + object + "@" + attr);
  }
}

void H5File::write_attr(const std::string& object, const std::string& attr, double value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  write_attr_raw(object, attr, H5T_NATIVE_DOUBLE, space.get(), &value);
}

void H5File::write_attr(const std::string& object, const std::string& attr, std::int64_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  write_attr_raw(object, attr, H5T_NATIVE_INT64, space.get(), &value);
}

void H5File::write_attr(const std::string& object, const std::string& attr, const Vec3& value) {
  const hsize_t n = 3;
  const double xyz[3] = {value.x, value.y, value.z};
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  write_attr_raw(object, attr, H5T_NATIVE_DOUBLE, space.get(), xyz);
}

void H5File::write_attr(const std::string& object, const std::string& attr,
                        const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), std::max<std::size_t>(1, value.size()));
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  std::string padded = value.empty() ? std::string(1, '\0') : value;
  write_attr_raw(object, attr, type.get(), space.get(), padded.data());
}

void H5File::write_attr(const std::string& object, const std::string& attr,
                        const std::vector<std::string>& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  const hsize_t n = value.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  std::vector<const char*> ptrs;
  for (const std::string& s : value) ptrs.push_back(s.c_str());
  write_attr_raw(object, attr, type.get(), space.get(), ptrs.data());
}

bool H5File::has_attr(const std::string& object, const std::string& attr) const {
  return exists(object) && H5Aexists_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT) > 0;
}

double H5File::read_attr_double(const std::string& object, const std::string& attr) const {
  if (!has_attr(object, attr)) fail("missing attribute " + object + "@" + attr);
  Handle a(H5Aopen_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Handle space(H5Aget_space(a.get()), H5Sclose);
  double v = 0;
  if (H5Sget_simple_extent_npoints(space.get()) != 1 ||
      H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) < 0) {
    fail("attribute " + object + "@" + attr + " is not a number");
  }
  return v;
}

std::int64_t H5File::read_attr_int(const std::string& object, const std::string& attr) const {
  if (!has_attr(object, attr)) fail("missing attribute " + object + "@" + attr);
  Handle a(H5Aopen_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Handle space(H5Aget_space(a.get()), H5Sclose);
  std::int64_t v = 0;
  if (H5Sget_simple_extent_npoints(space.get()) != 1 ||
      H5Aread(a.get(), H5T_NATIVE_INT64, &v) < 0) {
    fail("attribute " + object + "@" + attr + " is not an integer");
  }
  return v;
}

Vec3 H5File::read_attr_vec3(const std::string& object, const std::string& attr) const {
  if (!has_attr(object, attr)) fail("missing attribute " + object + "@" + attr);
  Handle a(H5Aopen_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Handle space(H5Aget_space(a.get()), H5Sclose);
  double v[3];
  if (H5Sget_simple_extent_npoints(space.get()) != 3 ||
      H5Aread(a.get(), H5T_NATIVE_DOUBLE, v) < 0) {
    fail("attribute " + object + "@" + attr + " must hold 3 numbers");
  }
  for (double x : v) {
    if (!std::isfinite(x)) fail("attribute " + object + "@" + attr + " is not finite");
  }
  return {v[0], v[1], v[2]};
}

std::string H5File::read_attr_string(const std::string& object, const std::string& attr) const {
  if (!has_attr(object, attr)) fail("missing attribute " + object + "@" + attr);
  Handle a(H5Aopen_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Handle type(H5Aget_type(a.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING)
    fail("attribute " + object + "@" + attr + " is not a string");
  if (H5Tis_variable_str(type.get()) > 0) {
    char* s = nullptr;
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    if (H5Aread(a.get(), mem.get(), &s) < 0) fail("cannot read attribute " + object + "@" + attr);
    std::string out = s ? s : "";
    H5free_memory(s);
    return out;
  }
  const std::size_t n = H5Tget_size(type.get());
  std::string out(n, '\0');
  if (H5Aread(a.get(), type.get(), out.data()) < 0)
    fail("cannot read attribute " + object + "@" + attr);
  out.resize(out.find('\0') == std::string::npos ? n : out.find('\0'));
  return out;
}

std::vector<std::string> H5File::read_attr_strings(const std::string& object,
                                                   const std::string& attr) const {
  if (!has_attr(object, attr)) fail("missing attribute " + object + "@" + attr);
  Handle a(H5Aopen_by_name(id_, object.c_str(), attr.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Handle space(H5Aget_space(a.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  Handle stored(H5Aget_type(a.get()), H5Tclose);
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0) {
    fail("attribute " + object + "@" + attr + " is not a list of strings");
  }
  Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(mem.get(), H5T_VARIABLE);
  H5Tset_cset(mem.get(), H5Tget_cset(stored.get()));
  std::vector<char*> ptrs(static_cast<std::size_t>(std::max<hssize_t>(n, 0)), nullptr);
  if (n < 0 || H5Aread(a.get(), mem.get(), ptrs.data()) < 0) {
    fail("attribute " + object + "@" + attr + " is not a list of strings");
  }
  std::vector<std::string> out;
  for (char* p : ptrs) {
    out.emplace_back(p ? p : "");
    H5free_memory(p);
  }
  return out;
}

}  // namespace srtdose
