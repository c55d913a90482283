# One fuzz target's ctest run (tests/fuzz/CMakeLists.txt):
#   cmake -DFUZZER=exe -DCORPUS=dir -DDICTIONARY=file|"" -DSCRATCH=dir -DSECONDS=n -P RunFuzzer.cmake
# The committed corpus is copied to SCRATCH/corpus, where libFuzzer adds what it finds; a crash
# leaves its input in SCRATCH/artifacts and fails the test.
file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}/corpus" "${SCRATCH}/artifacts")
file(COPY "${CORPUS}/" DESTINATION "${SCRATCH}/corpus")
set(options -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix=${SCRATCH}/artifacts/)
if(DICTIONARY)
    list(APPEND options -dict=${DICTIONARY})
endif()
execute_process(COMMAND "${FUZZER}" ${options} "${SCRATCH}/corpus" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    file(GLOB found "${SCRATCH}/artifacts/*")
    message(FATAL_ERROR "${FUZZER} failed (${result}); the input: ${found}\n"
        "Reproduce with: ${FUZZER} <input>. Once fixed, commit the input to ${CORPUS}/ so every run replays it.")
endif()
