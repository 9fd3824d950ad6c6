#include "host/io/file_hash.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>

#include "host/core/error.h"

namespace srtdose {

std::string sha256_files(const std::vector<std::filesystem::path>& files) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw IoError("SHA-256: OpenSSL could not start a digest");
  std::array<char, 1 << 16> buf{};
  for (const std::filesystem::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw IoError(f.string() + ": cannot be read (for its SHA-256)");
    while (in.read(buf.data(), buf.size()) || in.gcount() > 0)
      if (EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount())) != 1)
        throw IoError(f.string() + ": SHA-256 failed");
    if (in.bad()) throw IoError(f.string() + ": read error (for its SHA-256)");
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx.get(), md.data(), &n) != 1) throw IoError("SHA-256: digest failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

std::string sha256_file(const std::filesystem::path& file) {
  return sha256_files({file});
}

}  // namespace srtdose
