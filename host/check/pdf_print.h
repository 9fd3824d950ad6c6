// A report as PDF: headless Chromium's print-to-PDF of the report's HTML (the page is
// self-contained: images are data URIs, plots inline SVG).
#pragma once

#include <filesystem>
#include <string>

namespace srtdose {

/// The Chromium executable: SRTDOSE_CHROMIUM when set, else the first of chromium,
/// chromium-browser, google-chrome on PATH. InputError naming `option` when there is none.
std::filesystem::path find_chromium(const std::string& option);

/// Prints html (a file) to pdf with `chromium` (no header or footer; A4 as the page's CSS
/// says), atomically: IoError naming the files when Chromium fails, runs past timeout_s, or
/// writes nothing.
void print_pdf(const std::filesystem::path& chromium, const std::filesystem::path& html,
               const std::filesystem::path& pdf, double timeout_s = 120);

}  // namespace srtdose
