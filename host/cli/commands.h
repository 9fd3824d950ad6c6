// Registration of the CLI subcommands (one file each).
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>

namespace srtdose::cli {

struct Streams {
  std::ostream& out;
  std::ostream& err;
};

void add_info_command(CLI::App& app, Streams io);
void add_phantom_command(CLI::App& app, Streams io);
void add_depth_command(CLI::App& app, Streams io);
void add_gamma_command(CLI::App& app, Streams io);
void add_dvh_command(CLI::App& app, Streams io);
void add_bed_command(CLI::App& app, Streams io);
void add_machine_command(CLI::App& app, Streams io);
void add_dose_command(CLI::App& app, Streams io);
void add_dij_command(CLI::App& app, Streams io);
void add_dicom_command(CLI::App& app, Streams io);
void add_check_command(CLI::App& app, Streams io);
void add_courses_command(CLI::App& app, Streams io);

}  // namespace srtdose::cli
