# CPack: two Debian packages (components) and one tarball of everything.
#   bytespike-gatewayd  the headless gateway, its systemd user unit and man page
#   bytespike-console   the desktop console (it embeds the gateway), desktop entry, icons,
#                       AppStream metadata and man page
# `cpack` in the build directory writes them; tests/package/check-package.sh does that in CI.
set(CPACK_PACKAGE_NAME "bytespike")
set(CPACK_PACKAGE_VENDOR "The ByteSpike developers")
set(CPACK_PACKAGE_CONTACT "The ByteSpike developers <bytespike@example.org>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL gateway)
if(BYTESPIKE_BUILD_CONSOLE)
    list(APPEND CPACK_COMPONENTS_ALL console)
endif()
# The Debian install prefix is set for the DEB generator only, so the tarball stays relocatable.
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_LIST_DIR}/BytespikeCPackOptions.cmake")

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Each component's description below starts with its own synopsis line (CPack indents the rest);
# BytespikeCPackOptions.cmake keeps the project summary from being put in front of it.
# dpkg-shlibdeps (package dpkg-dev) fills Depends from the libraries the programs link.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_GATEWAY_PACKAGE_NAME "bytespike-gatewayd")
set(CPACK_DEBIAN_GATEWAY_PACKAGE_SECTION "net")
# keychain:NAME channel secrets need a Secret Service; env: and file: secrets work without one.
set(CPACK_DEBIAN_GATEWAY_PACKAGE_SUGGESTS "gnome-keyring")
set(CPACK_DEBIAN_GATEWAY_DESCRIPTION "LLM API gateway with prepaid billing (headless)
ByteSpike serves the Anthropic Messages API and an OpenAI Chat Completions
shim, routes each request by model over provider channels with failover and
a circuit breaker, and bills every request from a prepaid balance: a hold
before the upstream call, a debit only after the whole answer was delivered.

This package holds bytespike-gatewayd, the headless gateway, with a systemd
user unit. A built-in simulator channel and a demo customer make it answer
without any provider key.")

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME "bytespike-console")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION "net")
# Qt loads its platform plugins (xcb, wayland) at run time, so dpkg-shlibdeps cannot see them.
# Debian's default fonts have no Japanese or Chinese glyphs: without a CJK font those languages
# show empty boxes (tests/gui/tst_glyphs.cpp). A printed or exported statement sets ids in a
# monospaced face, which draws no ligatures (tests/gui/tst_customers.cpp).
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "qt6-qpa-plugins, fonts-noto-cjk, fonts-dejavu-core")
# Qt's own dialogs in de, ja and zh_CN (the console's catalogues are compiled in).
set(CPACK_DEBIAN_CONSOLE_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SUGGESTS "gnome-keyring")
set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "desktop console of the ByteSpike LLM API gateway
ByteSpike serves the Anthropic Messages API and an OpenAI Chat Completions
shim, routes each request by model over provider channels with failover and
bills every request from a prepaid balance.

This package holds bytespike-console, a Qt window that runs the gateway
embedded and shows its state, addresses, uptime and last-hour figures, in
English, German, Japanese and Simplified Chinese.")

include(CPack)
