#include "host/cli/cli.h"

#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/core/error.h"
#include "srtdose/config.h"

namespace srtdose::cli {

namespace {
std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
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

  std::vector<std::string> rev(args.rbegin(), args.rend() - (args.empty() ? 0 : 1));
  try {
    app.parse(rev);
    return kOk;
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kOk;
  } catch (const CLI::CallForVersion&) {
    out << SRTDOSE_VERSION << "\n";
    return kOk;
  } catch (const PlansFailed&) {
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
