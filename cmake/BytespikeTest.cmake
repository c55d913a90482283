# What every test runs with: the offscreen Qt platform and, in the sanitizer build, the sanitizers'
# options (inherited by the bytespike-gatewayd an integration test starts). Leaks are reported, and
# fail the process, except those tests/sanitizers/lsan.supp names (it says why for each).
set(BYTESPIKE_TEST_ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
if(BYTESPIKE_SANITIZE OR BYTESPIKE_FUZZ)
    # The compiler's own llvm-symbolizer turns the reports' addresses into files and lines (the
    # sanitizers look for it on PATH only under its unversioned name).
    string(REGEX MATCH "^[0-9]+" compiler_major "${CMAKE_CXX_COMPILER_VERSION}")
    find_program(BYTESPIKE_LLVM_SYMBOLIZER NAMES llvm-symbolizer-${compiler_major} llvm-symbolizer)
    set(symbolizer "")
    if(BYTESPIKE_LLVM_SYMBOLIZER)
        set(symbolizer ":external_symbolizer_path=${BYTESPIKE_LLVM_SYMBOLIZER}")
    endif()
    list(APPEND BYTESPIKE_TEST_ENVIRONMENT
        "ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1${symbolizer}"
        "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1${symbolizer}"
        "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/sanitizers/lsan.supp:print_suppressions=0")
endif()

# One executable per test class, registered with ctest.
#   bytespike_add_test(NAME tst_foo SOURCES tst_foo.cpp [LIBS ...] [GUI] [LABELS ...] [TIMEOUT s])
function(bytespike_add_test)
    cmake_parse_arguments(T "GUI" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    qt_add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE bytespike_policy Qt6::Test ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        BYTESPIKE_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
        BYTESPIKE_GATEWAYD_PATH="$<TARGET_FILE:bytespike-gatewayd>"
        BYTESPIKE_LUPDATE_PATH="$<TARGET_FILE:Qt6::lupdate>")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set(_env "${BYTESPIKE_TEST_ENVIRONMENT}")
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${_env}" TIMEOUT ${T_TIMEOUT}
        LABELS "${T_LABELS}")
endfunction()

# The same test executable once more against PostgreSQL: ${NAME}_postgres runs with
# BYTESPIKE_TEST_DATABASE set to the throwaway cluster that the postgres fixture starts (tests/
# CMakeLists.txt), and each test opens a fresh database there (tests/support/TestDatabase.h).
function(bytespike_add_postgres_variant NAME)
    get_test_property(${NAME} LABELS labels)
    get_test_property(${NAME} TIMEOUT timeout)
    add_test(NAME ${NAME}_postgres COMMAND ${NAME})
    set(_env "${BYTESPIKE_TEST_ENVIRONMENT}" "BYTESPIKE_TEST_DATABASE=${BYTESPIKE_TEST_POSTGRES_URI}")
    set_tests_properties(${NAME}_postgres PROPERTIES ENVIRONMENT "${_env}" TIMEOUT ${timeout}
        LABELS "${labels};postgres" FIXTURES_REQUIRED postgres)
endfunction()
