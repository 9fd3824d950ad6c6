// The _srtdose extension (nanobind): the library's plan, engines, QA and I/O for Python.
// Arrays cross as numpy float32 C-contiguous [nz][ny][nx] with origin_mm / spacing_mm; the
// GIL is released while C++ computes; srtdose errors become srtdose.InputError (ValueError),
// srtdose.FileError (OSError) and srtdose.DeviceError (RuntimeError) with the same messages.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "python/src/convert.h"

namespace nb = nanobind;

void bind_plan(nb::module_& m);
void bind_engines(nb::module_& m);
void bind_qa(nb::module_& m);
void bind_check(nb::module_& m);

NB_MODULE(_srtdose, m) {
  m.doc() = "srtdose: dose engines and plan QA for stereotactic radiotherapy (C++ core)";
  nb::exception<srtdose::InputError>(m, "InputError", PyExc_ValueError);
  nb::exception<srtdose::IoError>(m, "FileError", PyExc_OSError);
  nb::exception<srtdose::DeviceError>(m, "DeviceError", PyExc_RuntimeError);
  m.attr("__version__") = SRTDOSE_VERSION;
  bind_plan(m);
  bind_engines(m);
  bind_qa(m);
  bind_check(m);
}
