# Project-wide compile settings and helpers. Our own targets get warnings as errors;
# Debian's headers are system headers and stay out of it.

set(SG_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough -Werror
    # GCC 12 reports false -Wrestrict positives inside std::string at -O3 (GCC bug 105651).
    -Wno-restrict)

if(SHENGUAN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# sg_library(NAME SOURCES... [DEPS targets...]): a static library of our own code.
function(sg_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE ${SG_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# sg_test(NAME SOURCES... [DEPS targets...] [LABELS l...] [BOTH_ENGINES]): a GoogleTest binary
# run by ctest. BOTH_ENGINES registers it twice: NAME on SQLite and NAME_pg on PostgreSQL
# (SHENGUAN_TEST_ENGINE=postgres, label `pg`; the server comes from SHENGUAN_TEST_PG, which
# scripts/with-postgres.sh sets). The binary picks its databases through store/testing/test_db.h.
function(sg_test name)
  if(NOT SHENGUAN_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "BOTH_ENGINES" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${SG_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${labels};sqlite"
    ENVIRONMENT "SHENGUAN_SOURCE_DIR=${PROJECT_SOURCE_DIR};SHENGUAN_TEST_ENGINE=sqlite")
  if(ARG_BOTH_ENGINES)
    add_test(NAME ${name}_pg COMMAND ${name})
    set_tests_properties(${name}_pg PROPERTIES LABELS "${labels};pg"
      ENVIRONMENT "SHENGUAN_SOURCE_DIR=${PROJECT_SOURCE_DIR};SHENGUAN_TEST_ENGINE=postgres")
  endif()
endfunction()

# sg_embed(OUT NAMESPACE FUNC FILES...): compiles files into a generated source.
function(sg_embed out ns func)
  set(files ${ARGN})
  list(SORT files)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ns} -DFUNC=${func} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${func}" VERBATIM)
endfunction()
