# The version printed by --version comes from the build: git describe when the source is a
# checkout, the project version otherwise.
find_package(Git QUIET)
set(BYTESPIKE_VERSION_STRING "${PROJECT_VERSION}")
if(GIT_FOUND AND EXISTS "${CMAKE_SOURCE_DIR}/.git")
    execute_process(COMMAND "${GIT_EXECUTABLE}" describe --tags --always --dirty
        WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}" OUTPUT_VARIABLE _describe
        OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
    if(_rc EQUAL 0 AND _describe)
        set(BYTESPIKE_VERSION_STRING "${PROJECT_VERSION}+${_describe}")
    endif()
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/Version.h.in" "${CMAKE_BINARY_DIR}/generated/bytespike/Version.h" @ONLY)
