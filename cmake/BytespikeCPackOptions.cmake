# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "DEB")
    set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
    # CPackDeb would prepend the project summary to every component's own synopsis line.
    unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
endif()
