#include "host/io/dicom_file.h"

#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include "host/core/error.h"
#include "host/core/memory_budget.h"

namespace srtdose::dicom {

namespace {

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c) && c != '\0'; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string tag_text(const DcmTagKey& tag) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "(%04X,%04X)", tag.getGroup(), tag.getElement());
  DcmTag t(tag);
  std::string name = t.getTagName() ? t.getTagName() : "";
  return std::string(buf) + (name.empty() || name == "Unknown Tag & Data" ? "" : " " + name);
}

void register_codecs() {
  static std::once_flag once;
  std::call_once(once, [] {
    // DCMTK's own warnings would go to stderr; srtdose reports problems as errors instead.
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    DcmRLEDecoderRegistration::registerCodecs();
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
  });
}

}  // namespace

std::string DicomItem::where(const DcmTagKey& tag) const {
  return where_ + ": " + tag_text(tag);
}

bool DicomItem::has(const DcmTagKey& tag) const {
  return item_->tagExistsWithValue(tag);
}

std::optional<std::string> DicomItem::optional_string(const DcmTagKey& tag) const {
  DcmElement* e = nullptr;
  if (item_->findAndGetElement(tag, e).bad() || !e) return std::nullopt;
  std::string s;
  if (e->ident() == EVR_UN) {
    // Value of unknown VR (some writers): the bytes are the text itself.
    Uint8* bytes = nullptr;
    if (e->getUint8Array(bytes).bad() || !bytes) return std::nullopt;
    s.assign(reinterpret_cast<const char*>(bytes), e->getLength());
  } else {
    OFString value;
    if (e->getOFStringArray(value).bad()) return std::nullopt;
    s = value.c_str();
  }
  s = trim(s);
  if (s.empty()) return std::nullopt;
  return s;
}

std::string DicomItem::string(const DcmTagKey& tag) const {
  if (auto s = optional_string(tag)) return *s;
  throw IoError(where(tag) + ": missing or empty");
}

std::optional<std::vector<double>> DicomItem::optional_numbers(const DcmTagKey& tag) const {
  const auto text = optional_string(tag);
  if (!text) return std::nullopt;
  std::vector<double> out;
  std::size_t start = 0;
  while (start <= text->size()) {
    const std::size_t end = std::min(text->find('\\', start), text->size());
    const std::string field = trim(text->substr(start, end - start));
    char* stop = nullptr;
    const double v = std::strtod(field.c_str(), &stop);
    if (field.empty() || stop != field.c_str() + field.size() || !std::isfinite(v))
      throw IoError(where(tag) + ": \"" + field + "\" is not a number");
    out.push_back(v);
    start = end + 1;
  }
  return out;
}

std::vector<double> DicomItem::numbers(const DcmTagKey& tag, std::size_t count) const {
  const auto v = optional_numbers(tag);
  if (!v) throw IoError(where(tag) + ": missing or empty");
  if (count > 0 && v->size() != count)
    throw IoError(where(tag) + ": expected " + std::to_string(count) + " values, found " +
                  std::to_string(v->size()));
  return *v;
}

double DicomItem::number(const DcmTagKey& tag) const {
  return numbers(tag, 1).front();
}

std::optional<double> DicomItem::optional_number(const DcmTagKey& tag) const {
  const auto v = optional_numbers(tag);
  if (!v) return std::nullopt;
  if (v->size() != 1) throw IoError(where(tag) + ": expected one value");
  return v->front();
}

std::optional<int> DicomItem::optional_integer(const DcmTagKey& tag, int lo, int hi) const {
  const auto v = optional_number(tag);
  if (!v) return std::nullopt;
  if (!(*v >= lo && *v <= hi) || std::trunc(*v) != *v) {
    std::ostringstream msg;
    msg << where(tag) << ": " << *v << " is not a whole number in [" << lo << ", " << hi << "]";
    throw IoError(msg.str());
  }
  return static_cast<int>(*v);
}

int DicomItem::integer(const DcmTagKey& tag, int lo, int hi) const {
  if (!has(tag)) throw IoError(where(tag) + ": missing or empty");
  const auto v = optional_integer(tag, lo, hi);
  if (!v) throw IoError(where(tag) + ": missing or empty");
  return *v;
}

std::vector<DicomItem> DicomItem::sequence(const DcmTagKey& tag) const {
  std::vector<DicomItem> out;
  DcmSequenceOfItems* seq = nullptr;
  if (item_->findAndGetSequence(tag, seq).bad() || !seq) return out;
  for (unsigned long i = 0; i < seq->card(); ++i)
    out.emplace_back(seq->getItem(i), where(tag) + "[" + std::to_string(i) + "]");
  return out;
}

std::vector<DicomItem> DicomItem::required_sequence(const DcmTagKey& tag) const {
  std::vector<DicomItem> out = sequence(tag);
  if (out.empty()) throw IoError(where(tag) + ": missing or empty sequence");
  return out;
}

DicomFile DicomFile::load(const std::filesystem::path& path) {
  register_codecs();
  DicomFile f;
  f.path_ = path;
  f.file_ = std::make_unique<DcmFileFormat>();
  if (!std::filesystem::is_regular_file(path))
    throw IoError(path.string() + ": no such DICOM file");
  const OFCondition st = f.file_->loadFile(path.c_str());
  if (st.bad()) throw IoError(path.string() + ": not a readable DICOM file (" + st.text() + ")");
  return f;
}

DicomFile::DicomFile(DicomFile&&) noexcept = default;
DicomFile& DicomFile::operator=(DicomFile&&) noexcept = default;
DicomFile::~DicomFile() = default;

DicomItem DicomFile::dataset() const {
  return DicomItem(file_->getDataset(), path_.string());
}

std::string DicomFile::modality() const {
  std::string m = dataset().string(DCM_Modality);
  for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return m;
}

std::vector<double> DicomFile::pixel_values() const {
  DcmDataset* ds = file_->getDataset();
  const DicomItem item = dataset();
  if (!item.has(DCM_PixelData)) throw IoError(item.where(DCM_PixelData) + ": missing");
  const auto rows = static_cast<std::size_t>(item.integer(DCM_Rows, 1, 65535));
  const auto cols = static_cast<std::size_t>(item.integer(DCM_Columns, 1, 65535));
  const auto frames =
      static_cast<std::size_t>(item.optional_integer(DCM_NumberOfFrames, 1, 100000).value_or(1));
  const int bits = item.integer(DCM_BitsAllocated, 1, 64);
  const bool is_signed = item.optional_number(DCM_PixelRepresentation).value_or(0) == 1;
  const auto samples =
      static_cast<std::size_t>(item.optional_integer(DCM_SamplesPerPixel, 1, 4).value_or(1));
  if (samples != 1) throw IoError(item.where(DCM_SamplesPerPixel) + ": only 1 sample per pixel");
  if (bits != 8 && bits != 16 && bits != 32)
    throw IoError(item.where(DCM_BitsAllocated) + ": " + std::to_string(bits) +
                  " bits not supported (8, 16, 32)");
  const std::size_t n = rows * cols * frames;
  check_memory(path_.string() + ": pixel data of " + std::to_string(n) + " values",
               static_cast<double>(n), sizeof(double));
  if (ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() ||
      !ds->canWriteXfer(EXS_LittleEndianExplicit))
    throw IoError(item.where(DCM_PixelData) +
                  ": cannot decode this transfer syntax (supported: uncompressed, RLE, JPEG, "
                  "JPEG-LS)");
  const Uint8* bytes = nullptr;
  unsigned long count = 0;
  if (ds->findAndGetUint8Array(DCM_PixelData, bytes, &count).bad() || !bytes)
    throw IoError(item.where(DCM_PixelData) + ": cannot read the pixel data");
  const std::size_t need = n * static_cast<std::size_t>(bits / 8);
  if (count < need)
    throw IoError(item.where(DCM_PixelData) + ": " + std::to_string(count) + " bytes, expected " +
                  std::to_string(need) + " (Rows x Columns x frames)");
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (bits == 8) {
      out[i] = is_signed ? static_cast<double>(static_cast<std::int8_t>(bytes[i])) : bytes[i];
    } else if (bits == 16) {
      std::uint16_t u;
      std::memcpy(&u, bytes + 2 * i, 2);
      out[i] = is_signed ? static_cast<double>(static_cast<std::int16_t>(u)) : u;
    } else {
      std::uint32_t u;
      std::memcpy(&u, bytes + 4 * i, 4);
      out[i] = is_signed ? static_cast<double>(static_cast<std::int32_t>(u)) : u;
    }
  }
  return out;
}

void require_modality(const DicomFile& f, const std::string& expected) {
  const std::string m = f.modality();
  if (m != expected)
    throw IoError(f.path().string() + ": modality " + m + ", expected " + expected);
}

std::pair<int, int> axial_orientation(const DicomItem& image) {
  const std::vector<double> o = image.numbers(DCM_ImageOrientationPatient, 6);
  // +-1 when o[offset..offset+2] is +-the unit vector of `axis`, else 0.
  const auto sign = [&](int offset, int axis) {
    for (int a = 0; a < 3; ++a) {
      const double x = o[static_cast<std::size_t>(offset + a)];
      if (a == axis ? std::abs(std::abs(x) - 1) > 1e-4 : std::abs(x) > 1e-4) return 0;
    }
    return o[static_cast<std::size_t>(offset + axis)] > 0 ? 1 : -1;
  };
  const int sx = sign(0, 0), sy = sign(3, 1);
  if (sx == 0 || sy == 0)
    throw IoError(image.where(DCM_ImageOrientationPatient) +
                  ": only axial images are supported (rows along x, columns along y), not "
                  "oblique, sagittal or coronal ones");
  return {sx, sy};
}

bool looks_like_dicom(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[132];
  if (!in.read(buf, sizeof buf)) return false;
  return std::memcmp(buf + 128, "DICM", 4) == 0;
}

}  // namespace srtdose::dicom
