// The project is self-contained: no source, script, CMake file or document reads or names the
// team's folder beside the checkout; the reference data the tests use is carried in the
// repository (validation/reference, tests/data).
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "test_support.h"

using namespace srtdose;
namespace fs = std::filesystem;

TEST_CASE("no file of the project names the folder beside the checkout", "[project]") {
  // Built at run time so that this file does not match itself.
  const std::string sibling = std::string("..") + "/" + "shared";
  const std::vector<std::string> forbidden{sibling, std::string("shared") + "/reference",
                                           std::string("shared") + "/design",
                                           std::string("\"shared\"") + " / "};
  const std::set<std::string> skipped_dirs{".git",        ".venv",   "out",
                                           "__pycache__", ".device", ".whl"};
  const std::set<std::string> text_extensions{".cpp", ".h",   ".cu",   ".cuh",  ".txt",  ".cmake",
                                              ".sh",  ".py",  ".md",   ".json", ".toml", ".in",
                                              ".pyi", ".cfg", ".yaml", ".yml",  ""};
  int files = 0;
  std::vector<std::string> offenders;
  for (auto it = fs::recursive_directory_iterator(test::source_dir());
       it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (it->is_directory()) {
      if (skipped_dirs.count(name) || name.rfind("build", 0) == 0) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !text_extensions.count(p.extension().string())) continue;
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    ++files;
    for (const std::string& f : forbidden)
      if (text.find(f) != std::string::npos)
        offenders.push_back(fs::relative(p, test::source_dir()).string() + " names " + f);
  }
  INFO("files scanned: " << files);
  CHECK(files > 200);
  for (const std::string& o : offenders) FAIL_CHECK(o);
}

TEST_CASE("the reference data the tests use is in the repository", "[project]") {
  for (const char* rel :
       {"mc/caseA.h5", "mc/caseC.h5", "mc/caseF.h5", "mc/caseA_cax.txt", "mc/cases/caseC.json",
        "attenuation/nist/water.csv", "kernels/mackie1988_shells.csv", "README.md", "mc/README.md",
        "spectra/sheikh-bagheri-rogers-2002-varian-6mv.csv"}) {
    INFO(rel);
    CHECK(fs::is_regular_file(test::reference_dir() / rel));
  }
  CHECK(fs::is_regular_file(test::test_data_dir() / "README.md"));
  CHECK(fs::is_regular_file(test::test_data_dir() / "dicom" / "dicompyler-core-example" /
                            "rtplan.dcm"));
}
