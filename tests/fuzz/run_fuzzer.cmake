# Runs one fuzz harness for SECONDS from seeds made here: the example plans and the plan-format
# document's examples (plan parser), a small phantom plan exported as DICOM by srtdose itself
# (DICOM reader), nothing (HDF5 reader: its input is a recipe). Fails on any crash, sanitizer
# report, leak, timeout (10 s an input) or out-of-memory (2 GB), keeping the input in WORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR}/seeds)
file(MAKE_DIRECTORY ${WORK_DIR}/corpus ${WORK_DIR}/seeds ${WORK_DIR}/artifacts)
set(extra)
if(NAME STREQUAL "plan_parser")
  file(GLOB plans ${SOURCE_DIR}/plans/examples/*.json ${SOURCE_DIR}/validation/reference/mc/cases/*.json)
  file(COPY ${plans} DESTINATION ${WORK_DIR}/seeds)
  set(extra -dict=${SOURCE_DIR}/tests/fuzz/plan.dict)
elseif(NAME STREQUAL "dicom_reader")
  file(WRITE ${WORK_DIR}/plan.json [=[
{"srtdose_plan": 1, "name": "fuzz-seed",
 "patient": {"phantom": {"extent_mm": {"x": [-20, 20], "y": [-20, 20], "z": [-8, 8]},
   "voxel_mm": [4, 4, 4], "medium": {"material": "water", "density": 1.0},
   "objects": [{"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 6, "material": "water",
                "density": 1.0, "structure": "PTV"}]}},
 "machine": "ideal-6mv",
 "beams": [{"name": "AP", "gantry_deg": 0, "isocenter_mm": [0, 0, 0],
            "jaws_mm": {"x": [-10, 10], "y": [-10, 10]}, "mu": 100}],
 "prescription": {"target": "PTV", "dose_gy": 20, "fractions": 1}}
]=])
  execute_process(COMMAND ${SRTDOSE} dose ${WORK_DIR}/plan.json -o ${WORK_DIR}/dose.h5 --engine pb
                          --machine ${SOURCE_DIR}/plans/machines/ideal-6mv.h5
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "seed dose failed (${rc})")
  endif()
  file(REMOVE_RECURSE ${WORK_DIR}/export)
  execute_process(COMMAND ${SRTDOSE} dicom export-plan ${WORK_DIR}/plan.json -o ${WORK_DIR}/export
                          --dose ${WORK_DIR}/dose.h5 RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "seed export failed (${rc})")
  endif()
  file(GLOB dcm ${WORK_DIR}/export/*.dcm)
  file(COPY ${dcm} DESTINATION ${WORK_DIR}/seeds)
endif()
execute_process(
  COMMAND ${FUZZER} ${WORK_DIR}/corpus ${WORK_DIR}/seeds ${extra} -max_total_time=${SECONDS}
          -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
          -artifact_prefix=${WORK_DIR}/artifacts/
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCH "Done [0-9]+ runs in [0-9]+ second" done "${err}")
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" units "${err}")
message(STATUS "fuzz_${NAME}: ${done}; ${units}")
if(NOT rc EQUAL 0)
  string(LENGTH "${err}" n)
  if(n GREATER 6000)
    math(EXPR from "${n} - 6000")
    string(SUBSTRING "${err}" ${from} 6000 err)
  endif()
  message(FATAL_ERROR "fuzz_${NAME} failed (${rc}); inputs in ${WORK_DIR}/artifacts\n${err}")
endif()
