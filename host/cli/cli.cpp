#include "host/cli/cli.h"

#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/core/error.h"
#include "host/core/memory_budget.h"
#include "host/io/atomic_output.h"
#include "srtdose/config.h"

namespace srtdose::cli {

namespace {
/// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const std::size_t n = c < 0x80         ? 1
                        : (c >> 5) == 6  ? 2
                        : (c >> 4) == 14 ? 3
                        : (c >> 3) == 30 ? 4
                                         : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) >> 6) != 2) return 0;
  return n;
}

/// The message on one printable line: line breaks and control characters as spaces, bytes that
/// are not UTF-8 (quoted from a broken file) as \xNN.
std::string one_line(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) {
      static const char* hex = "0123456789ABCDEF";
      const auto c = static_cast<unsigned char>(s[i++]);
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (n == 1 && (static_cast<unsigned char>(s[i]) < 0x20 || s[i] == 0x7f)) {
      out += ' ';
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}
}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"srtdose " SRTDOSE_VERSION
               ": dose engine and plan QA for stereotactic radiotherapy"};
  app.name("srtdose");
  app.require_subcommand(1);
  app.set_version_flag("--version", SRTDOSE_VERSION);
  const Streams io{out, err};
  add_info_command(app, io);
  add_phantom_command(app, io);
  add_depth_command(app, io);
  add_gamma_command(app, io);
  add_dvh_command(app, io);
  add_bed_command(app, io);
  add_machine_command(app, io);
  add_dose_command(app, io);
  add_dij_command(app, io);
  add_dicom_command(app, io);
  add_check_command(app, io);
  add_courses_command(app, io);
  // Options of every command (given before or after the command's name).
  app.fallthrough();
  double max_memory_gb = 0;
  CLI::Option* memory = app.add_option(
      "--max-memory-gb", max_memory_gb,
      "Memory budget (GiB) for grids, volumes and histograms made from input; default 4, or "
      "SRTDOSE_MAX_MEMORY_GB");
  app.parse_complete_callback([&] {
    if (memory->count()) set_memory_budget_gb(max_memory_gb);
  });

  std::vector<std::string> rev(args.rbegin(), args.rend() - (args.empty() ? 0 : 1));
  // Every output of the command appears when it succeeds (or ends with a failed criterion, whose
  // report is the point), and none when it fails.
  OutputGroup outputs;
  try {
    app.parse(rev);
    outputs.commit();
    return kOk;
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kOk;
  } catch (const CLI::CallForVersion&) {
    out << SRTDOSE_VERSION << "\n";
    return kOk;
  } catch (const PlansFailed&) {
    try {
      outputs.commit();  // the report of what failed
    } catch (const std::exception& e) {
      err << "srtdose: error: " << one_line(e.what()) << "\n";
      return kIoError;
    }
    return kPlansFailed;

  } catch (const CLI::ParseError& e) {
    err << "srtdose: error: " << one_line(e.what()) << " (see srtdose --help)\n";
    return kUsage;
  } catch (const InputError& e) {
    err << "srtdose: error: " << one_line(e.what()) << "\n";
    return kInputError;
  } catch (const DeviceError& e) {
    err << "srtdose: error: " << one_line(e.what()) << "\n";
    return kDeviceError;
  } catch (const IoError& e) {
    err << "srtdose: error: " << one_line(e.what()) << "\n";
    return kIoError;
  } catch (const std::exception& e) {
    err << "srtdose: error: internal error: " << one_line(e.what()) << "\n";
    return kIoError;
  }
}

}  // namespace srtdose::cli
