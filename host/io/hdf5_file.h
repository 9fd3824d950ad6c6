// HDF5 access for srtdose: one interface for every file the project reads or writes.
// Volumes are datasets of shape [nz][ny][nx] (x fastest) with attributes origin_mm (centre of
// the first voxel, x y z) and spacing_mm (x y z), as PLAN-FORMAT.md's output layout says.
#pragma once

#include <hdf5.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host/core/volume.h"
#include "host/io/atomic_output.h"

namespace srtdose {

/// An open HDF5 file. Every failing HDF5 call throws IoError naming the file and the object.
class H5File {
 public:
  /// Creates (truncates) a file for writing.
  static H5File create(const std::filesystem::path& path);
  /// Creates the temporary file of a pending output; errors name the output's final path.
  static H5File create(const AtomicOutput& output);
  /// Opens an existing file read-only; throws IoError when it is missing or not HDF5.
  static H5File open_read(const std::filesystem::path& path);

  H5File(H5File&& o) noexcept;
  H5File& operator=(H5File&& o) noexcept;
  H5File(const H5File&) = delete;
  H5File& operator=(const H5File&) = delete;
  ~H5File();

  /// Flushes and closes; throws IoError if closing fails (the destructor never throws).
  void close();

  const std::filesystem::path& path() const { return path_; }
  bool exists(const std::string& object) const;
  void create_group(const std::string& group);
  /// Names of the members of a group.
  std::vector<std::string> members(const std::string& group) const;

  void write_volume(const std::string& name, const Volume<float>& v);
  void write_volume(const std::string& name, const Volume<std::uint8_t>& v);
  /// A 1D int64 dataset (histograms, counts).
  void write_vector(const std::string& name, const std::vector<std::int64_t>& values);
  /// A 1D int32 dataset (sparse-matrix column indices).
  void write_vector_i32(const std::string& name, const std::vector<std::int32_t>& values);
  /// An N-dimensional float64 dataset (C order; dims multiply to values.size()).
  void write_array(const std::string& name, const std::vector<double>& values,
                   const std::vector<std::size_t>& dims);
  /// A 1D float32 dataset (large sparse-matrix values).
  void write_array_f32(const std::string& name, const std::vector<float>& values);
  /// Reads a numeric dataset of any rank as float64; dims receives its shape.
  std::vector<double> read_array(const std::string& name, std::vector<std::size_t>& dims) const;
  /// Reads a 3D volume of any numeric type as float, with its geometry.
  Volume<float> read_volume(const std::string& name) const;
  Volume<std::uint8_t> read_volume_u8(const std::string& name) const;
  /// Geometry of a volume dataset (validated: finite origin, spacing > 0, rank 3).
  Grid3 read_grid(const std::string& name) const;

  // Attributes on an object ("/" for the file).
  void write_attr(const std::string& object, const std::string& attr, double value);
  void write_attr(const std::string& object, const std::string& attr, std::int64_t value);
  void write_attr(const std::string& object, const std::string& attr, const std::string& value);
  void write_attr(const std::string& object, const std::string& attr, const Vec3& value);
  void write_attr(const std::string& object, const std::string& attr,
                  const std::vector<std::string>& value);
  bool has_attr(const std::string& object, const std::string& attr) const;
  double read_attr_double(const std::string& object, const std::string& attr) const;
  std::int64_t read_attr_int(const std::string& object, const std::string& attr) const;
  std::string read_attr_string(const std::string& object, const std::string& attr) const;
  Vec3 read_attr_vec3(const std::string& object, const std::string& attr) const;
  std::vector<std::string> read_attr_strings(const std::string& object,
                                             const std::string& attr) const;

 private:
  H5File(hid_t id, std::filesystem::path path) : id_(id), path_(std::move(path)) {}
  [[noreturn]] void fail(const std::string& what) const;
  void write_1d(const std::string& name, hid_t file_type, hid_t mem_type, const void* data,
                std::size_t count);
  void write_raw_volume(const std::string& name, const Grid3& g, hid_t mem_type, hid_t file_type,
                        const void* data);
  std::array<hsize_t, 3> volume_dims(const std::string& name) const;
  void write_attr_raw(const std::string& object, const std::string& attr, hid_t type, hid_t space,
                      const void* data);

  hid_t id_ = -1;
  std::filesystem::path path_;
};

}  // namespace srtdose
