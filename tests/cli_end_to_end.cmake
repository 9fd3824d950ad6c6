# End-to-end checks of the srtdose executable (run by CTest with cmake -P):
# exit codes, one-line errors naming the file and field, and no partial output on failure.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(failures 0)

function(expect name expected_rc pattern)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL ${expected_rc})
    message(SEND_ERROR "${name}: exit code ${rc}, expected ${expected_rc}\nstdout: ${out}\nstderr: ${err}")
  elseif(NOT "${out}${err}" MATCHES "${pattern}")
    message(SEND_ERROR "${name}: output does not match '${pattern}'\nstdout: ${out}\nstderr: ${err}")
  else()
    message(STATUS "ok: ${name}")
  endif()
endfunction()

expect("info" 0 "CUDA: (on|off)" ${SRTDOSE} info)
expect("no subcommand is a usage error" 2 "srtdose: error" ${SRTDOSE})
expect("phantom writes a file" 0 "wrote .*GTV" ${SRTDOSE} phantom
       ${SOURCE_DIR}/plans/examples/lung_tumour.json -o ${WORK_DIR}/lung.h5)
if(NOT EXISTS ${WORK_DIR}/lung.h5)
  message(SEND_ERROR "phantom: ${WORK_DIR}/lung.h5 was not written")
endif()
expect("depth on the CPU" 0 "max depth" ${SRTDOSE} depth
       ${SOURCE_DIR}/plans/examples/water_phantom.json -o ${WORK_DIR}/depth.h5 --device cpu)

# A bad plan: one line naming the file and the JSON path, exit 1, no output file.
file(WRITE ${WORK_DIR}/bad.json [=[
{"srtdose_plan": 1, "name": "bad",
 "patient": {"phantom": {"extent_mm": {"x": [-20, 20], "y": [-20, 20], "z": [-20, 20]},
   "voxel_mm": [2, 2, 2], "medium": {"material": "water", "density": 1.0}}},
 "machine": "ideal-6mv",
 "beams": [{"name": "AP", "gantry_deg": 0, "isocenter_mm": [0, 0, 0],
   "jaws_mm": {"x": [10, -10], "y": [-10, 10]}, "mu": 100}]}
]=])
expect("bad jaws" 1 "bad.json: beams\\[0\\]\\.jaws_mm\\.x: x1" ${SRTDOSE} phantom ${WORK_DIR}/bad.json
       -o ${WORK_DIR}/bad.h5)
if(EXISTS ${WORK_DIR}/bad.h5)
  message(SEND_ERROR "bad plan: an output file was left behind")
endif()
file(GLOB leftovers ${WORK_DIR}/.*partial*)
if(leftovers)
  message(SEND_ERROR "temporary files left behind: ${leftovers}")
endif()
expect("missing plan file" 4 "no-such-plan.json: cannot open" ${SRTDOSE} phantom
       ${WORK_DIR}/no-such-plan.json -o ${WORK_DIR}/x.h5)
expect("output folder missing" 4 "does not exist" ${SRTDOSE} phantom
       ${SOURCE_DIR}/plans/examples/water_phantom.json -o ${WORK_DIR}/nofolder/x.h5)
expect("unknown device" 1 "unknown device" ${SRTDOSE} depth
       ${SOURCE_DIR}/plans/examples/water_phantom.json -o ${WORK_DIR}/d.h5 --device tpu)

# Gamma of a file against itself: 100 % pass; a missing dataset: a file error naming it.
expect("gamma of identical doses" 0 "pass rate 100.00%" ${SRTDOSE} gamma ${WORK_DIR}/lung.h5
       ${WORK_DIR}/lung.h5 --ref-dataset density --eval-dataset density --preset 2%/1mm
       -o ${WORK_DIR}/gamma.h5 --json ${WORK_DIR}/gamma.json --device cpu)
if(NOT EXISTS ${WORK_DIR}/gamma.h5 OR NOT EXISTS ${WORK_DIR}/gamma.json)
  message(SEND_ERROR "gamma: outputs were not written")
endif()
expect("gamma with a missing dataset" 4 "lung.h5: missing dataset /dose" ${SRTDOSE} gamma
       ${WORK_DIR}/lung.h5 ${WORK_DIR}/lung.h5 -o ${WORK_DIR}/nogamma.h5)
if(EXISTS ${WORK_DIR}/nogamma.h5)
  message(SEND_ERROR "gamma: a failed run left an output file")
endif()
expect("gamma with a bad criterion" 1 "--dta" ${SRTDOSE} gamma ${WORK_DIR}/lung.h5
       ${WORK_DIR}/lung.h5 --ref-dataset density --eval-dataset density --dta -1)
