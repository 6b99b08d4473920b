# Helpers shared by the layer libraries and the test folders.

set(HMIG_LAYER_TARGETS "" CACHE INTERNAL "")

function(hmig_warnings target)
  # -Wno-restrict: g++ 12 reports false -Wrestrict errors inside libstdc++'s
  # std::string operator+ at -O2 (GCC PR 105651, fixed in 13).
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-restrict)
endfunction()

# hmig_add_layer(NAME DEPS ...): a static library hmig_NAME built from every
# .cpp under src/NAME, so adding a file never needs a CMake edit.
function(hmig_add_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  if(srcs)
    add_library(hmig_${name} STATIC ${srcs})
    target_include_directories(hmig_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(hmig_${name} PUBLIC ${ARG_DEPS})
    hmig_warnings(hmig_${name})
  else()
    add_library(hmig_${name} INTERFACE)
    target_include_directories(hmig_${name} INTERFACE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(hmig_${name} INTERFACE ${ARG_DEPS})
  endif()
  set(HMIG_LAYER_TARGETS ${HMIG_LAYER_TARGETS} hmig_${name} CACHE INTERNAL "")
endfunction()

# hmig_add_test_dir(NAME [LABELS ...]): one GoogleTest binary from every *_test.cpp
# in the calling folder, linked with every layer, registered with CTest.
# Integration tests find the binary through HMIG_BINARY and the fixtures through
# HMIG_SHARED_DIR (../shared beside the checkout).
function(hmig_add_test_dir name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "LABELS;EXTRA_SOURCES" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  add_executable(${name} ${srcs} ${ARG_EXTRA_SOURCES})
  target_link_libraries(${name} PRIVATE ${HMIG_LAYER_TARGETS} GTest::gtest_main GTest::gmock)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    HMIG_BINARY="$<TARGET_FILE:hmig>"
    HMIG_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    HMIG_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared")
  add_dependencies(${name} hmig)
  hmig_warnings(${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  # A list passed through PROPERTIES would be split into property names: escape it.
  string(REPLACE ";" "\\;" labels "${ARG_LABELS}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${labels}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
