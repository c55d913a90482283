# One INTERFACE target carries the compile policy; every target links it.
add_library(bytespike_policy INTERFACE)
target_compile_features(bytespike_policy INTERFACE cxx_std_20)
target_compile_options(bytespike_policy INTERFACE -Wall -Wextra -Wpedantic
    $<$<BOOL:${BYTESPIKE_WERROR}>:-Werror>)
target_compile_definitions(bytespike_policy INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

# BYTESPIKE_SANITIZE: AddressSanitizer and UndefinedBehaviorSanitizer on every target that links
# the policy (the core, both programs, the tests). Any undefined behaviour aborts the process
# (-fno-sanitize-recover), so a test cannot pass over one. BYTESPIKE_FUZZ needs the same
# sanitizers, and adds libFuzzer's coverage instrumentation (fuzzer-no-link) so the fuzz targets
# in tests/fuzz are guided through the core's code, not only their own.
if(BYTESPIKE_SANITIZE OR BYTESPIKE_FUZZ)
    target_compile_options(bytespike_policy INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(bytespike_policy INTERFACE -fsanitize=address,undefined)
endif()
if(BYTESPIKE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "BYTESPIKE_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-16")
    endif()
    target_compile_options(bytespike_policy INTERFACE -fsanitize=fuzzer-no-link)
endif()
