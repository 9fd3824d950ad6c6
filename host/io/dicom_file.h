// A DICOM file read with DCMTK, with typed getters whose errors name the file, the tag and the
// keyword (e.g. "plan.dcm: (300A,00B0) BeamSequence: missing"). One class for every importer.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class DcmFileFormat;
class DcmItem;
class DcmTagKey;

namespace srtdose::dicom {

/// The range of DICOM reference numbers (ROINumber, BeamNumber, ...: IS, a signed 32-bit value).
inline constexpr int kMinId = -2147483647 - 1, kMaxId = 2147483647;

/// One dataset or sequence item, borrowed from its DicomFile (valid while the file lives).
class DicomItem {
 public:
  DicomItem(DcmItem* item, std::string where) : item_(item), where_(std::move(where)) {}

  bool has(const DcmTagKey& tag) const;
  /// Value of a string-like attribute (leading/trailing spaces removed); throws IoError naming
  /// the tag when it is missing or empty.
  std::string string(const DcmTagKey& tag) const;
  std::optional<std::string> optional_string(const DcmTagKey& tag) const;
  /// A numeric attribute (DS, IS, US, SS, UL, SL, FL, FD); throws when missing or not a number.
  double number(const DcmTagKey& tag) const;
  std::optional<double> optional_number(const DcmTagKey& tag) const;
  /// A whole number in [lo, hi] (counts, sizes, reference numbers); throws IoError naming the
  /// tag, the value and the range otherwise.
  int integer(const DcmTagKey& tag, int lo, int hi) const;
  std::optional<int> optional_integer(const DcmTagKey& tag, int lo, int hi) const;
  /// All values of a multi-valued numeric attribute; `count` > 0 requires exactly that many.
  std::vector<double> numbers(const DcmTagKey& tag, std::size_t count = 0) const;
  std::optional<std::vector<double>> optional_numbers(const DcmTagKey& tag) const;
  /// Items of a sequence (empty when the sequence is absent or empty).
  std::vector<DicomItem> sequence(const DcmTagKey& tag) const;
  /// Items of a sequence that must be present and non-empty.
  std::vector<DicomItem> required_sequence(const DcmTagKey& tag) const;

  /// "file: (gggg,eeee) Keyword" for messages.
  std::string where(const DcmTagKey& tag) const;
  const std::string& where() const { return where_; }
  DcmItem* raw() const { return item_; }

 private:
  DcmItem* item_;
  std::string where_;
};

/// A loaded DICOM file (Part 10, or a raw dataset). Compressed pixel data (RLE, JPEG) is
/// decoded on request by pixel_values().
class DicomFile {
 public:
  /// Throws IoError naming the file when it cannot be read or is not DICOM.
  static DicomFile load(const std::filesystem::path& path);
  DicomFile(DicomFile&&) noexcept;
  DicomFile& operator=(DicomFile&&) noexcept;
  ~DicomFile();

  const std::filesystem::path& path() const { return path_; }
  DicomItem dataset() const;
  std::string modality() const;  ///< (0008,0060), upper case
  /// Pixel values of all frames as doubles (stored values, before any rescale), decoding
  /// compressed transfer syntaxes. Throws IoError when the data is missing or short.
  std::vector<double> pixel_values() const;

 private:
  DicomFile() = default;
  std::filesystem::path path_;
  std::unique_ptr<DcmFileFormat> file_;
};

/// Throws IoError "<file>: modality X, expected Y" unless the file's modality is `expected`.
void require_modality(const DicomFile& file, const std::string& expected);

/// Axial image orientation: the signs of the row direction along x and of the column
/// direction along y (+1 or -1). Throws IoError for oblique, sagittal or coronal images.
std::pair<int, int> axial_orientation(const DicomItem& image);

/// True when the file starts like DICOM Part 10 ("DICM" at byte 128).
bool looks_like_dicom(const std::filesystem::path& path);

}  // namespace srtdose::dicom
